package dev.codeplatform.schema.workspace;

import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;

/** Everything that happens to a workspace. Events carry paths and content hashes, never content. */
public sealed interface WorkspaceEvent {

    WorkspaceId workspaceId();

    Actor actor();

    record WorkspaceCreated(WorkspaceId workspaceId, UserId owner, String name, Actor actor)
            implements WorkspaceEvent {
    }

    record WorkspaceRenamed(WorkspaceId workspaceId, String name, Actor actor) implements WorkspaceEvent {
    }

    record WorkspaceDeleted(WorkspaceId workspaceId, Actor actor) implements WorkspaceEvent {
    }

    /** Folders on the way to {@code path} are implied. */
    record FileWritten(WorkspaceId workspaceId, String path, String hash, long size, Actor actor)
            implements WorkspaceEvent {
    }

    record FolderCreated(WorkspaceId workspaceId, String path, Actor actor) implements WorkspaceEvent {
    }

    /** Moves a file or a folder with everything under it. */
    record EntryMoved(WorkspaceId workspaceId, String from, String to, Actor actor) implements WorkspaceEvent {
    }

    /** Deletes a file or a folder with everything under it. */
    record EntryDeleted(WorkspaceId workspaceId, String path, Actor actor) implements WorkspaceEvent {
    }
}
