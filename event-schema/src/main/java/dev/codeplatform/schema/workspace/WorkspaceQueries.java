package dev.codeplatform.schema.workspace;

import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import java.util.List;

/**
 * Queries on workspaces. {@code minVersion} asks for a read model that has applied at least that version
 * (read-your-writes); the handler waits a bounded time for it. Someone else's workspace reads as not found.
 */
public final class WorkspaceQueries {

    private WorkspaceQueries() {
    }

    public record ListWorkspaces(UserId owner) {
    }

    public record GetWorkspace(WorkspaceId workspaceId, UserId owner, long minVersion) {
    }

    public record GetTree(WorkspaceId workspaceId, UserId owner, long minVersion) {
    }

    /** Answers the file's content and the version it was last written at. */
    public record GetFile(WorkspaceId workspaceId, UserId owner, String path, long minVersion) {
    }

    public record WorkspaceSummary(WorkspaceId id, String name, long version) {
    }

    public enum EntryKind { FILE, FOLDER }

    /** {@code size} and {@code hash} are null for folders. */
    public record TreeEntry(String path, EntryKind kind, Long size, String hash, long version) {
    }

    public record Tree(WorkspaceId workspaceId, long version, List<TreeEntry> entries) {
    }

    public record FileContent(String path, String hash, long version, byte[] content) {
    }

    /** Every file of a workspace with its hash: what an environment needs to sync itself in. */
    public record ListFiles(WorkspaceId workspaceId, long minVersion) {
    }

    public record GetBlob(String hash) {
    }
}
