package dev.codeplatform.query.workspace;

import static dev.codeplatform.schema.ids.Versions.afterSequence;

import dev.codeplatform.query.versions.ProjectedVersions;
import dev.codeplatform.schema.workspace.WorkspaceEvent.EntryDeleted;
import dev.codeplatform.schema.workspace.WorkspaceEvent.EntryMoved;
import dev.codeplatform.schema.workspace.WorkspaceEvent.FileWritten;
import dev.codeplatform.schema.workspace.WorkspaceEvent.FolderCreated;
import dev.codeplatform.schema.workspace.WorkspaceEvent.WorkspaceCreated;
import dev.codeplatform.schema.workspace.WorkspaceEvent.WorkspaceDeleted;
import dev.codeplatform.schema.workspace.WorkspaceEvent.WorkspaceRenamed;
import dev.codeplatform.schema.workspace.WorkspaceQueries.EntryKind;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Projects workspace events into {@code workspace_view} and {@code workspace_entry}. It writes through JDBC in the
 * processor's transaction, so the read model and the processor's token commit together; each event first
 * advances the workspace's version, and an event at or below the stored version is skipped, so replays are no-ops.
 */
@ProcessingGroup(WorkspaceProjection.GROUP)
public class WorkspaceProjection {

    public static final String GROUP = "workspaces";

    private final JdbcTemplate jdbc;

    public WorkspaceProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(WorkspaceCreated event, @SequenceNumber long sequence) {
        UUID id = event.workspaceId().value();
        int inserted = jdbc.update("""
                insert into workspace_view (id, owner, name, version) values (?, ?, ?, ?)
                on conflict (id) do nothing""", id, event.owner().value(), event.name(), afterSequence(sequence));
        if (inserted == 1) {
            ProjectedVersions.announce(jdbc, id, afterSequence(sequence));
        }
    }

    @EventHandler
    void on(WorkspaceRenamed event, @SequenceNumber long sequence) {
        if (advance(event.workspaceId().value(), sequence)) {
            jdbc.update("update workspace_view set name = ? where id = ?", event.name(), event.workspaceId().value());
        }
    }

    @EventHandler
    void on(WorkspaceDeleted event, @SequenceNumber long sequence) {
        UUID id = event.workspaceId().value();
        if (advance(id, sequence)) {
            jdbc.update("update workspace_view set deleted = true where id = ?", id);
            jdbc.update("delete from workspace_entry where workspace_id = ?", id);
        }
    }

    @EventHandler
    void on(FileWritten event, @SequenceNumber long sequence) {
        UUID id = event.workspaceId().value();
        if (advance(id, sequence)) {
            long version = afterSequence(sequence);
            addParentFolders(id, event.path(), version);
            jdbc.update("""
                    insert into workspace_entry (workspace_id, path, kind, size, hash, version) values (?, ?, ?, ?, ?, ?)
                    on conflict (workspace_id, path)
                    do update set kind = excluded.kind, size = excluded.size, hash = excluded.hash,
                                  version = excluded.version""",
                    id, event.path(), EntryKind.FILE.name(), event.size(), event.hash(), version);
        }
    }

    @EventHandler
    void on(FolderCreated event, @SequenceNumber long sequence) {
        UUID id = event.workspaceId().value();
        if (advance(id, sequence)) {
            long version = afterSequence(sequence);
            addParentFolders(id, event.path(), version);
            addFolder(id, event.path(), version);
        }
    }

    @EventHandler
    void on(EntryMoved event, @SequenceNumber long sequence) {
        UUID id = event.workspaceId().value();
        if (advance(id, sequence)) {
            long version = afterSequence(sequence);
            addParentFolders(id, event.to(), version);
            jdbc.update("""
                    update workspace_entry set path = ? || substr(path, ?), version = ?
                    where workspace_id = ? and (path = ? or starts_with(path, ? || '/'))""",
                    event.to(), event.from().length() + 1, version, id, event.from(), event.from());
        }
    }

    @EventHandler
    void on(EntryDeleted event, @SequenceNumber long sequence) {
        UUID id = event.workspaceId().value();
        if (advance(id, sequence)) {
            jdbc.update("delete from workspace_entry where workspace_id = ? and (path = ? or starts_with(path, ? || '/'))",
                    id, event.path(), event.path());
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from workspace_entry");
        jdbc.update("delete from workspace_view");
    }

    /** Moves the workspace to this event's version; false when the event was applied before (a replay). */
    private boolean advance(UUID workspaceId, long sequence) {
        long version = afterSequence(sequence);
        boolean advanced = jdbc.update("update workspace_view set version = ? where id = ? and version < ?",
                version, workspaceId, version) == 1;
        if (advanced) {
            ProjectedVersions.announce(jdbc, workspaceId, version);
        }
        return advanced;
    }

    private void addParentFolders(UUID workspaceId, String path, long version) {
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            addFolder(workspaceId, path.substring(0, slash), version);
        }
    }

    private void addFolder(UUID workspaceId, String path, long version) {
        jdbc.update("""
                insert into workspace_entry (workspace_id, path, kind, version) values (?, ?, ?, ?)
                on conflict (workspace_id, path) do nothing""", workspaceId, path, EntryKind.FOLDER.name(), version);
    }
}
