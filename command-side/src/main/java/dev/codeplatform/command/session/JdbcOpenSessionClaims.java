package dev.codeplatform.command.session;

import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;

/**
 * Table {@code open_session}, on the connection of the current Spring transaction. The per-owner lock is a
 * transaction-scoped advisory lock: no row exists to lock before a user's first session. It uses the two-key form
 * with its own first key, so it never collides with single-key advisory locks taken elsewhere (Flyway takes one).
 */
public class JdbcOpenSessionClaims implements OpenSessionClaims {

    /** First key of the advisory lock: "open sessions". Any int unique among the application's two-key locks. */
    static final int LOCK_NAMESPACE = 100_001;

    private static final ResultSetExtractor<Void> IGNORE = rs -> null;

    private final JdbcTemplate jdbc;

    public JdbcOpenSessionClaims(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public int lockAndCount(UserId owner) {
        jdbc.query("select pg_advisory_xact_lock(?, hashtext(?))", IGNORE, LOCK_NAMESPACE, owner.toString());
        Integer count = jdbc.queryForObject("select count(*) from open_session where owner = ?", Integer.class,
                owner.value());
        return count == null ? 0 : count;
    }

    @Override
    public void claim(SessionId sessionId, UserId owner) {
        jdbc.update("""
                insert into open_session (session_id, owner) values (?, ?)
                on conflict (session_id) do nothing""", sessionId.value(), owner.value());
    }

    @Override
    public void release(SessionId sessionId) {
        jdbc.update("delete from open_session where session_id = ?", sessionId.value());
    }
}
