package dev.codeplatform.command.workspace;

import dev.codeplatform.command.session.SessionLimits;
import dev.codeplatform.command.testing.InMemoryBlobStore;
import dev.codeplatform.command.testing.InMemoryOpenSessionClaims;
import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import dev.codeplatform.schema.workspace.ContentHash;
import dev.codeplatform.schema.workspace.WorkspaceCommands.CreateFolder;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;

/** One workspace, its owner, and the events and commands the workspace tests are written in. */
final class WorkspaceTesting {

    static final WorkspaceId WORKSPACE = WorkspaceId.parse("6f1c1b8e-1f7e-4a55-9d4e-000000000001");
    static final UserId OWNER = UserId.parse("6f1c1b8e-1f7e-4a55-9d4e-00000000000a");
    static final UserId STRANGER = UserId.parse("6f1c1b8e-1f7e-4a55-9d4e-00000000000b");
    static final Actor ACTOR = Actor.user(OWNER);

    private WorkspaceTesting() {
    }

    static AggregateTestFixture<Workspace> fixture(WorkspaceLimits limits, InMemoryBlobStore blobs) {
        return fixture(limits, blobs, new InMemoryOpenSessionClaims(), SessionLimits.DEFAULTS);
    }

    static AggregateTestFixture<Workspace> fixture(WorkspaceLimits limits, InMemoryBlobStore blobs,
                                                   InMemoryOpenSessionClaims claims, SessionLimits sessionLimits) {
        AggregateTestFixture<Workspace> fixture = new AggregateTestFixture<>(Workspace.class);
        fixture.registerInjectableResource(limits);
        fixture.registerInjectableResource(blobs);
        fixture.registerInjectableResource(claims);
        fixture.registerInjectableResource(sessionLimits);
        return fixture;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static WorkspaceCreated created() {
        return new WorkspaceCreated(WORKSPACE, OWNER, "demo", ACTOR);
    }

    static FileWritten written(String path, String content) {
        byte[] bytes = bytes(content);
        return new FileWritten(WORKSPACE, path, ContentHash.sha256(bytes), bytes.length, ACTOR);
    }

    static FolderCreated folder(String path) {
        return new FolderCreated(WORKSPACE, path, ACTOR);
    }

    static EntryMoved moved(String from, String to) {
        return new EntryMoved(WORKSPACE, from, to, ACTOR);
    }

    static EntryDeleted deleted(String path) {
        return new EntryDeleted(WORKSPACE, path, ACTOR);
    }

    static WriteFile write(String path, String content) {
        return write(path, content, null);
    }

    static WriteFile write(String path, String content, Long baseVersion) {
        return new WriteFile(WORKSPACE, OWNER, ACTOR, path, bytes(content), baseVersion);
    }

    static CreateFolder createFolder(String path) {
        return new CreateFolder(WORKSPACE, OWNER, ACTOR, path);
    }

    static MoveEntry move(String from, String to) {
        return new MoveEntry(WORKSPACE, OWNER, ACTOR, from, to);
    }

    static DeleteEntry delete(String path) {
        return new DeleteEntry(WORKSPACE, OWNER, ACTOR, path);
    }

    /** One of every command but creation, acting for {@code user} on things that exist in the given workspace. */
    static List<Object> everyCommandFor(UserId user) {
        Actor actor = Actor.user(user);
        return List.of(
                new RenameWorkspace(WORKSPACE, user, "renamed"),
                new DeleteWorkspace(WORKSPACE, user),
                new WriteFile(WORKSPACE, user, actor, "main.py", bytes("print(2)"), null),
                new CreateFolder(WORKSPACE, user, actor, "docs"),
                new MoveEntry(WORKSPACE, user, actor, "main.py", "app.py"),
                new DeleteEntry(WORKSPACE, user, actor, "main.py"),
                new OpenSession(WORKSPACE, user, SessionId.random()));
    }
}
