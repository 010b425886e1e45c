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
        ProjectedVersions.applyAndAnnounce(jdbc, id, afterSequence(sequence), """
                insert into workspace_view (id, owner, name, version) values (?, ?, ?, ?)
                on conflict (id) do nothing""", id, event.owner().value(), event.name(), afterSequence(sequence));
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
            // the parent folders and the file in one statement: a write is the hot path of this projection
            jdbc.update("with parents as (" + INSERT_FOLDERS + """
                    )
                    insert into workspace_entry (workspace_id, path, kind, size, hash, version) values (?, ?, ?, ?, ?, ?)
                    on conflict (workspace_id, path)
                    do update set kind = excluded.kind, size = excluded.size, hash = excluded.hash,
                                  version = excluded.version""",
                    id, EntryKind.FOLDER.name(), version, parentFolders(event.path()),
                    id, event.path(), EntryKind.FILE.name(), event.size(), event.hash(), version);
        }
    }

    @EventHandler
    void on(FolderCreated event, @SequenceNumber long sequence) {
        UUID id = event.workspaceId().value();
        if (advance(id, sequence)) {
            addFolders(id, parentFolders(event.path()) + FOLDER_SEPARATOR + event.path(), afterSequence(sequence));
        }
    }

    @EventHandler
    void on(EntryMoved event, @SequenceNumber long sequence) {
        UUID id = event.workspaceId().value();
        if (advance(id, sequence)) {
            long version = afterSequence(sequence);
            addFolders(id, parentFolders(event.to()), version);
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
        return ProjectedVersions.applyAndAnnounce(jdbc, workspaceId, version,
                "update workspace_view set version = ? where id = ? and version < ?", version, workspaceId, version);
    }

    /**
     * Inserts the folders that do not exist yet; parameters: workspace, kind FOLDER, version, and the folders'
     * paths joined by {@link #FOLDER_SEPARATOR} (a path has no control characters: the command side refuses them).
     */
    private static final String INSERT_FOLDERS = """
            insert into workspace_entry (workspace_id, path, kind, version)
            select ?, folder, ?, ? from unnest(string_to_array(?, E'\\n')) as folder where folder <> ''
            on conflict (workspace_id, path) do nothing""";
    private static final String FOLDER_SEPARATOR = "\n";

    private void addFolders(UUID workspaceId, String folders, long version) {
        jdbc.update(INSERT_FOLDERS, workspaceId, EntryKind.FOLDER.name(), version, folders);
    }

    /** The folders above {@code path}, outermost first, joined by {@link #FOLDER_SEPARATOR}; empty at the top. */
    private static String parentFolders(String path) {
        StringBuilder folders = new StringBuilder();
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            folders.append(folders.isEmpty() ? "" : FOLDER_SEPARATOR).append(path, 0, slash);
        }
        return folders.toString();
    }
}
