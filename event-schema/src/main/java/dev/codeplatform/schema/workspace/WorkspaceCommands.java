package dev.codeplatform.schema.workspace;

import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands on a workspace. Every command names the user it acts for ({@code owner}), checked against the
 * workspace's owner, and the actor recorded in its events. Handlers answer the workspace's version.
 */
public final class WorkspaceCommands {

    private WorkspaceCommands() {
    }

    public record CreateWorkspace(@TargetAggregateIdentifier WorkspaceId workspaceId, UserId owner, String name) {
    }

    public record RenameWorkspace(@TargetAggregateIdentifier WorkspaceId workspaceId, UserId owner, String name) {
    }

    public record DeleteWorkspace(@TargetAggregateIdentifier WorkspaceId workspaceId, UserId owner) {
    }

    /**
     * Writes a file, creating its folders. Content travels in the command (never in the event): the handler
     * stores it as a blob and records only its hash. {@code baseVersion}, when set, is the workspace version the
     * writer last saw; the write is refused if the file changed after it.
     */
    public record WriteFile(@TargetAggregateIdentifier WorkspaceId workspaceId, UserId owner, Actor actor,
                            String path, byte[] content, Long baseVersion) {
    }

    public record CreateFolder(@TargetAggregateIdentifier WorkspaceId workspaceId, UserId owner, Actor actor,
                               String path) {
    }

    public record MoveEntry(@TargetAggregateIdentifier WorkspaceId workspaceId, UserId owner, Actor actor,
                            String from, String to) {
    }

    public record DeleteEntry(@TargetAggregateIdentifier WorkspaceId workspaceId, UserId owner, Actor actor,
                              String path) {
    }

    /** Opens a session on the workspace; the workspace checks ownership and creates the session. */
    public record OpenSession(@TargetAggregateIdentifier WorkspaceId workspaceId, UserId owner, SessionId sessionId) {
    }
}
