package dev.codeplatform.query.account;

import dev.codeplatform.query.versions.ProjectedVersions;
import dev.codeplatform.schema.account.AccountEvent.AccountRegistered;
import java.util.Locale;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;

/** Projects accounts for log-in. Registration is a single event per account, so an upsert makes it replay-safe. */
@ProcessingGroup(AccountProjection.GROUP)
public class AccountProjection {

    public static final String GROUP = "accounts";

    private final JdbcTemplate jdbc;

    public AccountProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AccountRegistered event) {
        ProjectedVersions.applyAndAnnounce(jdbc, event.userId().value(), 1, """
                        insert into account_view (user_id, username, username_lower, password_hash, reviewer_level)
                        values (?, ?, ?, ?, ?) on conflict (user_id) do nothing""",
                event.userId().value(), event.username(), event.username().toLowerCase(Locale.ROOT),
                event.passwordHash(), event.reviewerLevel());
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from account_view");
    }
}
