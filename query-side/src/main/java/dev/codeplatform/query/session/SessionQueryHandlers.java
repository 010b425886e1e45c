package dev.codeplatform.query.session;

import dev.codeplatform.query.versions.ProjectedVersions;
import dev.codeplatform.query.versions.ReadModel;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import dev.codeplatform.schema.session.SessionQueries.GetSession;
import dev.codeplatform.schema.session.SessionQueries.ListLiveSessions;
import dev.codeplatform.schema.session.SessionQueries.SessionView;
import dev.codeplatform.schema.session.SessionQueries.Status;
import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

public class SessionQueryHandlers {

    private final DatabaseClient database;
    private final ProjectedVersions versions;

    public SessionQueryHandlers(DatabaseClient database, ProjectedVersions versions) {
        this.database = database;
        this.versions = versions;
    }

    @QueryHandler
    CompletableFuture<List<SessionView>> handle(ListLiveSessions query) {
        return database.sql("""
                        select id, workspace_id, owner, status, step, reason, version from session_view
                        where status in ('STARTING', 'READY')""")
                .map(SessionQueryHandlers::view)
                .all().collectList().toFuture();
    }

    /** Someone else's session is not found; opening a session answers only once it is readable. */
    @QueryHandler
    CompletableFuture<SessionView> handle(GetSession query) {
        Mono<SessionView> read = database.sql("""
                        select id, workspace_id, owner, status, step, reason, version from session_view
                        where id = $1 and owner = $2""")
                .bind(0, query.sessionId().value())
                .bind(1, query.owner().value())
                .map(SessionQueryHandlers::view)
                .one()
                .switchIfEmpty(Mono.error(() -> new Rejection(RejectionCode.SESSION_NOT_FOUND,
                        "No session " + query.sessionId())));
        return read.flatMap(found -> found.version() >= query.minVersion() ? Mono.just(found)
                        : versions.awaitVersion(ReadModel.SESSION, query.sessionId().value(), query.minVersion()).then(read))
                .toFuture();
    }

    private static SessionView view(Readable row) {
        return new SessionView(new SessionId(row.get("id", UUID.class)),
                new WorkspaceId(row.get("workspace_id", UUID.class)), new UserId(row.get("owner", UUID.class)),
                Status.valueOf(row.get("status", String.class)), row.get("step", String.class),
                row.get("reason", String.class), row.get("version", Long.class));
    }
}
