package dev.codeplatform.command.account;

import dev.codeplatform.schema.ids.UserId;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Table {@code username_claim}. JdbcTemplate takes the connection bound to the current Spring transaction, which is
 * the one Axon's unit of work appends the events in. {@code ON CONFLICT DO NOTHING} instead of catching a unique
 * violation: a failed statement would abort the whole PostgreSQL transaction.
 */
public class JdbcUsernameClaims implements UsernameClaims {

    private final JdbcTemplate jdbc;

    public JdbcUsernameClaims(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public boolean claim(String usernameKey, UserId userId) {
        return jdbc.update("""
                insert into username_claim (username_lower, user_id) values (?, ?)
                on conflict (username_lower) do nothing""", usernameKey, userId.value()) == 1;
    }
}
