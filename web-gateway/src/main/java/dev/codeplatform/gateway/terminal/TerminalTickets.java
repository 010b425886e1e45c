package dev.codeplatform.gateway.terminal;

import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.workspace.ContentHash;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Terminal tickets: single use, short-lived, bound to a user and a session. Kept in PostgreSQL so any replica can
 * redeem a ticket another issued (in an unlogged table: no WAL flush on the way to a terminal); redeeming deletes it in
 * the same statement, so it works once.
 */
@Component
public class TerminalTickets {

    public record Redeemed(UserId user, SessionId session, boolean mayType) {
    }

    private static final Duration LIFETIME = Duration.ofSeconds(30);

    private final DatabaseClient database;
    private final SecureRandom random = new SecureRandom();

    TerminalTickets(DatabaseClient database) {
        this.database = database;
    }

    public Mono<String> issue(UserId user, SessionId session, boolean mayType) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        // One statement, one round trip: expired tickets are swept as a new one is stored.
        return database.sql("""
                        with swept as (delete from terminal_ticket where expires_at < now() - interval '1 minute')
                        insert into terminal_ticket (ticket_hash, user_id, session_id, may_type, expires_at)
                        values ($1, $2, $3, $4, now() + make_interval(secs => $5))""")
                .bind(0, hash(ticket)).bind(1, user.value()).bind(2, session.value()).bind(3, mayType)
                .bind(4, (double) LIFETIME.toSeconds())
                .then()
                .thenReturn(ticket);
    }

    /** Consumes the ticket if it is valid for {@code session}; empty if unknown, used, expired or for another session. */
    public Mono<Redeemed> redeem(String ticket, SessionId session) {
        return database.sql("""
                        delete from terminal_ticket where ticket_hash = $1
                        returning user_id, session_id, may_type, expires_at > now() as valid""")
                .bind(0, hash(ticket))
                .map(row -> new Object[] {row.get("user_id", UUID.class), row.get("session_id", UUID.class),
                        row.get("may_type", Boolean.class), row.get("valid", Boolean.class)})
                .one()
                .filter(row -> Boolean.TRUE.equals(row[3]) && session.value().equals(row[1]))
                .map(row -> new Redeemed(new UserId((UUID) row[0]), session, (Boolean) row[2]));
    }

    private static String hash(String ticket) {
        return ContentHash.sha256(ticket.getBytes(StandardCharsets.UTF_8));
    }
}
