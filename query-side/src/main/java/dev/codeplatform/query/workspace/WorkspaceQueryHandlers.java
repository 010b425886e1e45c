package dev.codeplatform.query.workspace;

import dev.codeplatform.query.versions.ProjectedVersions;
import dev.codeplatform.query.versions.ReadModel;
import dev.codeplatform.schema.ids.WorkspaceId;
import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import dev.codeplatform.schema.workspace.WorkspaceQueries.EntryKind;
import dev.codeplatform.schema.workspace.WorkspaceQueries.FileContent;
import dev.codeplatform.schema.workspace.WorkspaceQueries.GetBlob;
import dev.codeplatform.schema.workspace.WorkspaceQueries.GetFile;
import dev.codeplatform.schema.workspace.WorkspaceQueries.GetTree;
import dev.codeplatform.schema.workspace.WorkspaceQueries.GetWorkspace;
import dev.codeplatform.schema.workspace.WorkspaceQueries.ListFiles;
import dev.codeplatform.schema.workspace.WorkspaceQueries.ListWorkspaces;
import dev.codeplatform.schema.workspace.WorkspaceQueries.Tree;
import dev.codeplatform.schema.workspace.WorkspaceQueries.TreeEntry;
import dev.codeplatform.schema.workspace.WorkspaceQueries.WorkspaceSummary;
import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Answers workspace queries from the read model through R2DBC, never blocking a thread. */
public class WorkspaceQueryHandlers {

    private final DatabaseClient database;
    private final ProjectedVersions versions;

    public WorkspaceQueryHandlers(DatabaseClient database, ProjectedVersions versions) {
        this.database = database;
        this.versions = versions;
    }

    @QueryHandler
    CompletableFuture<List<WorkspaceSummary>> handle(ListWorkspaces query) {
        return database.sql("select id, name, version from workspace_view where owner = $1 and not deleted order by name, id")
                .bind(0, query.owner().value())
                .map(WorkspaceQueryHandlers::summary)
                .all().collectList().toFuture();
    }

    @QueryHandler
    CompletableFuture<WorkspaceSummary> handle(GetWorkspace query) {
        return visible(query.workspaceId(), query.owner().value(), query.minVersion())
                .then(database.sql("select id, name, version from workspace_view where id = $1")
                        .bind(0, query.workspaceId().value())
                        .map(WorkspaceQueryHandlers::summary).one())
                .toFuture();
    }

    @QueryHandler
    CompletableFuture<Tree> handle(GetTree query) {
        return visible(query.workspaceId(), query.owner().value(), query.minVersion())
                .then(entries(query.workspaceId()))
                .toFuture();
    }

    @QueryHandler
    CompletableFuture<FileContent> handle(GetFile query) {
        return visible(query.workspaceId(), query.owner().value(), query.minVersion())
                .then(database.sql("""
                                select e.kind, e.hash, e.version, b.content from workspace_entry e
                                left join file_blob b on b.hash = e.hash
                                where e.workspace_id = $1 and e.path = $2""")
                        .bind(0, query.workspaceId().value())
                        .bind(1, query.path())
                        .map(row -> {
                            if (EntryKind.valueOf(row.get("kind", String.class)) != EntryKind.FILE) {
                                throw new Rejection(RejectionCode.NOT_A_FILE, query.path() + " is a folder");
                            }
                            return new FileContent(query.path(), row.get("hash", String.class),
                                    row.get("version", Long.class), row.get("content", byte[].class));
                        })
                        .one())
                .switchIfEmpty(Mono.error(() -> new Rejection(RejectionCode.FILE_NOT_FOUND,
                        "No file at " + query.path())))
                .toFuture();
    }

    /** For environments syncing themselves in: no owner check, as only the platform asks it. */
    @QueryHandler
    CompletableFuture<Tree> handle(ListFiles query) {
        return versions.awaitVersion(ReadModel.WORKSPACE, query.workspaceId().value(), query.minVersion())
                .then(entries(query.workspaceId()))
                .toFuture();
    }

    @QueryHandler
    CompletableFuture<byte[]> handle(GetBlob query) {
        return database.sql("select content from file_blob where hash = $1")
                .bind(0, query.hash())
                .map(row -> row.get(0, byte[].class))
                .one()
                .switchIfEmpty(Mono.error(() -> new Rejection(RejectionCode.FILE_NOT_FOUND, "No content " + query.hash())))
                .toFuture();
    }

    private Mono<Tree> entries(WorkspaceId workspaceId) {
        Mono<Long> version = database.sql("select version from workspace_view where id = $1")
                .bind(0, workspaceId.value()).map(row -> row.get(0, Long.class)).one();
        Mono<List<TreeEntry>> entries = database.sql(
                        "select path, kind, size, hash, version from workspace_entry where workspace_id = $1 order by path")
                .bind(0, workspaceId.value())
                .map(row -> new TreeEntry(row.get("path", String.class), EntryKind.valueOf(row.get("kind", String.class)),
                        row.get("size", Long.class), row.get("hash", String.class), row.get("version", Long.class)))
                .all().collectList();
        return Mono.zip(version, entries, (current, list) -> new Tree(workspaceId, current, list));
    }

    /**
     * Fails with WORKSPACE_NOT_FOUND unless the workspace exists, is not deleted and belongs to {@code owner};
     * then waits for {@code minVersion}. Someone else's workspace is indistinguishable from a missing one. Checking
     * first is sound because creating a workspace answers only once its row is readable; checking again after the
     * wait sees a deletion the awaited version brought.
     */
    private Mono<Void> visible(WorkspaceId workspaceId, UUID owner, long minVersion) {
        Mono<Void> owned = database.sql("select 1 from workspace_view where id = $1 and owner = $2 and not deleted")
                .bind(0, workspaceId.value()).bind(1, owner)
                .map(row -> 1).one()
                .switchIfEmpty(Mono.error(() -> new Rejection(RejectionCode.WORKSPACE_NOT_FOUND,
                        "No workspace " + workspaceId)))
                .then();
        return minVersion <= 0 ? owned
                : owned.then(versions.awaitVersion(ReadModel.WORKSPACE, workspaceId.value(), minVersion)).then(owned);
    }

    private static WorkspaceSummary summary(Readable row) {
        return new WorkspaceSummary(new WorkspaceId(row.get("id", UUID.class)), row.get("name", String.class),
                row.get("version", Long.class));
    }
}
