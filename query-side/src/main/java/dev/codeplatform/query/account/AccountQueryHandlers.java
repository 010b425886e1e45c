package dev.codeplatform.query.account;

import dev.codeplatform.schema.account.AccountQueries.Credentials;
import dev.codeplatform.schema.account.AccountQueries.FindCredentials;
import dev.codeplatform.schema.ids.UserId;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;

public class AccountQueryHandlers {

    private final DatabaseClient database;

    public AccountQueryHandlers(DatabaseClient database) {
        this.database = database;
    }

    @QueryHandler
    CompletableFuture<Optional<Credentials>> handle(FindCredentials query) {
        return database.sql("""
                        select user_id, username, password_hash, reviewer_level from account_view
                        where username_lower = $1""")
                .bind(0, query.username().toLowerCase(Locale.ROOT))
                .map(row -> new Credentials(new UserId(row.get("user_id", UUID.class)), row.get("username", String.class),
                        row.get("password_hash", String.class), row.get("reviewer_level", Integer.class)))
                .one()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .toFuture();
    }
}
