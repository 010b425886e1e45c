package dev.codeplatform.execution.sync;

import dev.codeplatform.schema.ids.Versions;
import dev.codeplatform.schema.workspace.WorkspaceEvent.EntryDeleted;
import dev.codeplatform.schema.workspace.WorkspaceEvent.EntryMoved;
import dev.codeplatform.schema.workspace.WorkspaceEvent.FileWritten;
import dev.codeplatform.schema.workspace.WorkspaceEvent.FolderCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;

/**
 * Feeds committed workspace changes to file sync. Its processor starts at the head of the event stream: only
 * environments running now care, and they were copied in from the read model.
 */
@ProcessingGroup(WorkspaceChanges.GROUP)
public class WorkspaceChanges {

    public static final String GROUP = "file-sync";

    private final FileSync sync;

    public WorkspaceChanges(FileSync sync) {
        this.sync = sync;
    }

    @EventHandler
    void on(FileWritten event, @SequenceNumber long sequence) {
        sync.applyIn(event.workspaceId(), Versions.afterSequence(sequence), event.actor(), live -> sync.writeIn(live, event.path(), event.hash()));
    }

    @EventHandler
    void on(FolderCreated event, @SequenceNumber long sequence) {
        sync.applyIn(event.workspaceId(), Versions.afterSequence(sequence), event.actor(), live -> sync.folderIn(live, event.path()));
    }

    @EventHandler
    void on(EntryMoved event, @SequenceNumber long sequence) {
        sync.applyIn(event.workspaceId(), Versions.afterSequence(sequence), event.actor(), live -> sync.moveIn(live, event.from(), event.to()));
    }

    @EventHandler
    void on(EntryDeleted event, @SequenceNumber long sequence) {
        sync.applyIn(event.workspaceId(), Versions.afterSequence(sequence), event.actor(), live -> sync.deleteIn(live, event.path()));
    }
}
