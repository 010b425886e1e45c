package dev.codeplatform.command.workspace;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.codeplatform.command.session.OpenSessionClaims;
import dev.codeplatform.command.session.Session;
import dev.codeplatform.command.session.SessionLimits;
import dev.codeplatform.command.workspace.FileTree.FileState;
import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.Versions;
import dev.codeplatform.schema.ids.WorkspaceId;
import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import dev.codeplatform.schema.workspace.ContentHash;
import dev.codeplatform.schema.workspace.WorkspaceCommands.CreateFolder;
import dev.codeplatform.schema.workspace.WorkspaceCommands.CreateWorkspace;
import dev.codeplatform.schema.workspace.WorkspaceCommands.DeleteEntry;
import dev.codeplatform.schema.workspace.WorkspaceCommands.DeleteWorkspace;
import dev.codeplatform.schema.workspace.WorkspaceCommands.MoveEntry;
import dev.codeplatform.schema.workspace.WorkspaceCommands.OpenSession;
import dev.codeplatform.schema.workspace.WorkspaceCommands.RenameWorkspace;
import dev.codeplatform.schema.workspace.WorkspaceCommands.WriteFile;
import dev.codeplatform.schema.workspace.WorkspaceEvent.EntryDeleted;
import dev.codeplatform.schema.workspace.WorkspaceEvent.EntryMoved;
import dev.codeplatform.schema.workspace.WorkspaceEvent.FileWritten;
import dev.codeplatform.schema.workspace.WorkspaceEvent.FolderCreated;
import dev.codeplatform.schema.workspace.WorkspaceEvent.WorkspaceCreated;
import dev.codeplatform.schema.workspace.WorkspaceEvent.WorkspaceDeleted;
import dev.codeplatform.schema.workspace.WorkspaceEvent.WorkspaceRenamed;
import java.util.Map;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A user's workspace: its name and file tree. Every command names the user it acts for; for anyone but the owner,
 * and for everyone once it is deleted, the workspace does not exist ({@code WORKSPACE_NOT_FOUND}, never
 * "forbidden").
 *
 * <p><b>Version</b>: the number of events the workspace has, i.e. its last event's sequence number + 1. Creating it
 * makes version 1. Every handler answers the version after the command; a command that changes nothing (identical
 * content, an existing folder, the same name) applies no event and answers the current version. A file's version is
 * the version of the event that last wrote or moved it, which is what {@code WriteFile.baseVersion} is compared with.
 *
 * <p>Every check comes before any side effect: a refused command neither applies an event nor stores a blob.
 */
@Aggregate(snapshotTriggerDefinition = "workspaceSnapshotTrigger", cache = "workspaceCache")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
class Workspace {

    @AggregateIdentifier
    private WorkspaceId workspaceId;
    private UserId owner;
    private String name;
    private boolean deleted;
    private long version;
    private FileTree tree = new FileTree();

    Workspace() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    Long handle(CreateWorkspace command) {
        Objects.requireNonNull(command.owner(), "CreateWorkspace needs an owner");
        String validName = WorkspaceName.require(command.name());
        apply(new WorkspaceCreated(command.workspaceId(), command.owner(), validName, Actor.user(command.owner())));
        return version;
    }

    @CommandHandler
    Long handle(RenameWorkspace command) {
        requireVisibleTo(command.owner());
        String validName = WorkspaceName.require(command.name());
        if (!validName.equals(name)) {
            apply(new WorkspaceRenamed(workspaceId, validName, Actor.user(command.owner())));
        }
        return version;
    }

    @CommandHandler
    Long handle(DeleteWorkspace command) {
        requireVisibleTo(command.owner());
        apply(new WorkspaceDeleted(workspaceId, Actor.user(command.owner())));
        return version;
    }

    /**
     * Checks in this order: owner, path, size, tree shape, identical content (no-op), base version, workspace limits;
     * only then stores the blob and applies the event. Identical content answers the current version even with a
     * stale base version: the writer's intent already holds. A base version only guards a path that exists now:
     * a path that was deleted after the base version is simply written again.
     */
    @CommandHandler
    Long handle(WriteFile command, WorkspaceLimits limits, BlobStore blobs) {
        requireVisibleTo(command.owner());
        String path = WorkspacePath.require(command.path());
        byte[] content = Objects.requireNonNull(command.content(), "WriteFile needs content (empty is fine)");
        if (content.length > limits.maxFileBytes()) {
            throw new Rejection(RejectionCode.FILE_TOO_LARGE,
                    "file is larger than " + limits.maxFileBytes() + " bytes",
                    Map.of("path", path, "size", (long) content.length, "maxFileBytes", limits.maxFileBytes()));
        }
        if (tree.isFolder(path)) {
            throw pathConflict(path, path, "a folder exists at " + path);
        }
        requireNoFileAbove(path);
        String hash = ContentHash.sha256(content);
        FileState current = tree.file(path);
        if (current != null && current.hash().equals(hash)) {
            return version;
        }
        Long baseVersion = command.baseVersion();
        if (baseVersion != null && (baseVersion > version || current != null && current.version() > baseVersion)) {
            throw new Rejection(RejectionCode.VERSION_CONFLICT,
                    path + " changed after version " + baseVersion,
                    Map.of("currentVersion", version, "path", path));
        }
        long newTotal = tree.totalBytes() - (current == null ? 0 : current.size()) + content.length;
        if (newTotal > limits.maxTotalBytes()) {
            throw new Rejection(RejectionCode.WORKSPACE_FULL,
                    "workspace would exceed " + limits.maxTotalBytes() + " bytes",
                    Map.of("path", path, "totalBytes", tree.totalBytes(), "maxTotalBytes", limits.maxTotalBytes()));
        }
        requireRoomFor((current == null ? 1 : 0) + tree.missingFoldersAbove(path), limits);
        blobs.store(hash, content);
        apply(new FileWritten(workspaceId, path, hash, content.length, actorOf(command.actor(), command.owner())));
        return version;
    }

    /** Creating a folder that exists is a no-op (like {@code mkdir -p}). */
    @CommandHandler
    Long handle(CreateFolder command, WorkspaceLimits limits) {
        requireVisibleTo(command.owner());
        String path = WorkspacePath.require(command.path());
        if (tree.isFile(path)) {
            throw pathConflict(path, path, "a file exists at " + path);
        }
        requireNoFileAbove(path);
        if (tree.isFolder(path)) {
            return version;
        }
        requireRoomFor(1 + tree.missingFoldersAbove(path), limits);
        apply(new FolderCreated(workspaceId, path, actorOf(command.actor(), command.owner())));
        return version;
    }

    /** Moves a file or a folder with everything under it to a path where nothing exists yet. */
    @CommandHandler
    Long handle(MoveEntry command, WorkspaceLimits limits) {
        requireVisibleTo(command.owner());
        String from = WorkspacePath.require(command.from());
        String to = WorkspacePath.require(command.to());
        requireExists(from);
        if (tree.isFolder(from) && WorkspacePath.isWithin(to, from)) {
            throw pathConflict(to, from, "cannot move folder " + from + " into itself");
        }
        if (tree.exists(to)) {
            throw pathConflict(to, to, "something exists at " + to + " already");
        }
        requireNoFileAbove(to);
        requireRoomFor(tree.missingFoldersAbove(to), limits);
        apply(new EntryMoved(workspaceId, from, to, actorOf(command.actor(), command.owner())));
        return version;
    }

    /** Deletes a file or a folder with everything under it. */
    @CommandHandler
    Long handle(DeleteEntry command) {
        requireVisibleTo(command.owner());
        String path = WorkspacePath.require(command.path());
        requireExists(path);
        apply(new EntryDeleted(workspaceId, path, actorOf(command.actor(), command.owner())));
        return version;
    }

    /**
     * Opens a session for the owner, within their limit of open sessions. The workspace itself does not change:
     * answers its current version. Opening the same session id twice fails when the second session is appended.
     */
    @CommandHandler
    Long handle(OpenSession command, OpenSessionClaims claims, SessionLimits limits) throws Exception {
        requireVisibleTo(command.owner());
        Objects.requireNonNull(command.sessionId(), "OpenSession needs a session id");
        int open = claims.lockAndCount(command.owner());
        if (open >= limits.maxOpenPerUser()) {
            throw new Rejection(RejectionCode.TOO_MANY_SESSIONS,
                    "at most " + limits.maxOpenPerUser() + " sessions may be open at once",
                    Map.of("open", open, "maxOpenPerUser", limits.maxOpenPerUser()));
        }
        claims.claim(command.sessionId(), command.owner());
        AggregateLifecycle.createNew(Session.class,
                () -> new Session(command.sessionId(), workspaceId, command.owner(), Actor.user(command.owner())));
        return version;
    }

    @EventSourcingHandler
    void on(WorkspaceCreated event, @SequenceNumber long sequence) {
        workspaceId = event.workspaceId();
        owner = event.owner();
        name = event.name();
        version = Versions.afterSequence(sequence);
    }

    @EventSourcingHandler
    void on(WorkspaceRenamed event, @SequenceNumber long sequence) {
        name = event.name();
        version = Versions.afterSequence(sequence);
    }

    @EventSourcingHandler
    void on(WorkspaceDeleted event, @SequenceNumber long sequence) {
        deleted = true;
        tree.clear();
        version = Versions.afterSequence(sequence);
    }

    @EventSourcingHandler
    void on(FileWritten event, @SequenceNumber long sequence) {
        version = Versions.afterSequence(sequence);
        tree.putFile(event.path(), event.hash(), event.size(), version);
    }

    @EventSourcingHandler
    void on(FolderCreated event, @SequenceNumber long sequence) {
        version = Versions.afterSequence(sequence);
        tree.addFolder(event.path());
    }

    @EventSourcingHandler
    void on(EntryMoved event, @SequenceNumber long sequence) {
        version = Versions.afterSequence(sequence);
        tree.move(event.from(), event.to(), version);
    }

    @EventSourcingHandler
    void on(EntryDeleted event, @SequenceNumber long sequence) {
        version = Versions.afterSequence(sequence);
        tree.delete(event.path());
    }

    private void requireVisibleTo(UserId user) {
        if (deleted || !owner.equals(user)) {
            throw new Rejection(RejectionCode.WORKSPACE_NOT_FOUND, "workspace " + workspaceId + " not found",
                    Map.of("workspaceId", workspaceId.toString()));
        }
    }

    private void requireExists(String path) {
        if (!tree.exists(path)) {
            throw new Rejection(RejectionCode.FILE_NOT_FOUND, "nothing exists at " + path, Map.of("path", path));
        }
    }

    private void requireNoFileAbove(String path) {
        tree.fileAbove(path).ifPresent(file -> {
            throw pathConflict(path, file, file + " is a file, not a folder");
        });
    }

    private void requireRoomFor(int newEntries, WorkspaceLimits limits) {
        if (newEntries > 0 && tree.entries() + newEntries > limits.maxEntries()) {
            throw new Rejection(RejectionCode.TOO_MANY_ENTRIES,
                    "workspace would exceed " + limits.maxEntries() + " files and folders",
                    Map.of("entries", tree.entries(), "maxEntries", limits.maxEntries()));
        }
    }

    private static Rejection pathConflict(String path, String conflictsWith, String message) {
        return new Rejection(RejectionCode.PATH_CONFLICT, message, Map.of("path", path, "conflictsWith", conflictsWith));
    }

    private static Actor actorOf(Actor actor, UserId owner) {
        return actor != null ? actor : Actor.user(owner);
    }
}
