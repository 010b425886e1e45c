package dev.codeplatform.command.workspace;

import static dev.codeplatform.command.testing.Rejections.rejectedWith;
import static dev.codeplatform.command.workspace.WorkspaceTesting.ACTOR;
import static dev.codeplatform.command.workspace.WorkspaceTesting.OWNER;
import static dev.codeplatform.command.workspace.WorkspaceTesting.STRANGER;
import static dev.codeplatform.command.workspace.WorkspaceTesting.WORKSPACE;
import static dev.codeplatform.command.workspace.WorkspaceTesting.created;
import static dev.codeplatform.command.workspace.WorkspaceTesting.written;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeplatform.command.testing.InMemoryBlobStore;
import dev.codeplatform.command.testing.InMemoryOpenSessionClaims;
import dev.codeplatform.command.session.SessionLimits;
import dev.codeplatform.schema.rejection.RejectionCode;
import dev.codeplatform.schema.workspace.WorkspaceCommands.CreateWorkspace;
import dev.codeplatform.schema.workspace.WorkspaceCommands.DeleteWorkspace;
import dev.codeplatform.schema.workspace.WorkspaceCommands.RenameWorkspace;
import dev.codeplatform.schema.workspace.WorkspaceEvent.WorkspaceCreated;
import dev.codeplatform.schema.workspace.WorkspaceEvent.WorkspaceDeleted;
import dev.codeplatform.schema.workspace.WorkspaceEvent.WorkspaceRenamed;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspaceLifecycleTest {

    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final InMemoryOpenSessionClaims sessionClaims = new InMemoryOpenSessionClaims();
    private AggregateTestFixture<Workspace> fixture;

    @BeforeEach
    void setUp() {
        fixture = WorkspaceTesting.fixture(WorkspaceLimits.DEFAULTS, blobs, sessionClaims, SessionLimits.DEFAULTS);
    }

    @Test
    void creatingAWorkspaceRecordsItWithItsTrimmedNameAsVersion1() {
        fixture.givenNoPriorActivity()
               .when(new CreateWorkspace(WORKSPACE, OWNER, "  My project  "))
               .expectEvents(new WorkspaceCreated(WORKSPACE, OWNER, "My project", ACTOR))
               .expectResultMessagePayload(1L);
    }

    @Test
    void aNameOf100CharactersIsAccepted() {
        String name = "n".repeat(99) + "😀";
        fixture.givenNoPriorActivity()
               .when(new CreateWorkspace(WORKSPACE, OWNER, " " + name + " "))
               .expectEvents(new WorkspaceCreated(WORKSPACE, OWNER, name, ACTOR));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t", "bad\u0000name", "line\nbreak", "c1\u0085", "toolong-toolong-toolong-toolong-"
            + "toolong-toolong-toolong-toolong-toolong-toolong-toolong-toolong-toolong-"})
    void aNameBreakingARuleIsAnInvalidName(String name) {
        fixture.givenNoPriorActivity()
               .when(new CreateWorkspace(WORKSPACE, OWNER, name))
               .expectException(rejectedWith(RejectionCode.INVALID_NAME))
               .expectNoEvents();
    }

    @Test
    void renamingRecordsTheNewNameAndAnswersTheNextVersion() {
        fixture.given(created(), written("a.py", "a"))
               .when(new RenameWorkspace(WORKSPACE, OWNER, "Thesis"))
               .expectEvents(new WorkspaceRenamed(WORKSPACE, "Thesis", ACTOR))
               .expectResultMessagePayload(3L);
    }

    @Test
    void renamingToTheSameNameChangesNothingAndAnswersTheCurrentVersion() {
        fixture.given(created())
               .when(new RenameWorkspace(WORKSPACE, OWNER, " demo "))
               .expectNoEvents()
               .expectResultMessagePayload(1L);
    }

    @Test
    void renamingToAnInvalidNameIsRefused() {
        fixture.given(created())
               .when(new RenameWorkspace(WORKSPACE, OWNER, " "))
               .expectException(rejectedWith(RejectionCode.INVALID_NAME))
               .expectNoEvents();
    }

    @Test
    void deletingAWorkspaceRecordsIt() {
        fixture.given(created())
               .when(new DeleteWorkspace(WORKSPACE, OWNER))
               .expectEvents(new WorkspaceDeleted(WORKSPACE, ACTOR))
               .expectResultMessagePayload(2L);
    }

    static Stream<Object> everyOwnerCommand() {
        return WorkspaceTesting.everyCommandFor(OWNER).stream();
    }

    static Stream<Object> everyStrangerCommand() {
        return WorkspaceTesting.everyCommandFor(STRANGER).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyOwnerCommand")
    void afterDeletionEveryCommandFindsNoWorkspace(Object command) {
        fixture.given(created(), written("main.py", "print(1)"), new WorkspaceDeleted(WORKSPACE, ACTOR))
               .when(command)
               .expectException(rejectedWith(RejectionCode.WORKSPACE_NOT_FOUND,
                       Map.of("workspaceId", WORKSPACE.toString())))
               .expectNoEvents();

        assertThat(blobs.blobs()).isEmpty();
        assertThat(sessionClaims.claims()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyStrangerCommand")
    void someoneElsesWorkspaceIsNotFoundForEveryCommand(Object command) {
        fixture.given(created(), written("main.py", "print(1)"))
               .when(command)
               .expectException(rejectedWith(RejectionCode.WORKSPACE_NOT_FOUND))
               .expectNoEvents();

        assertThat(blobs.blobs()).isEmpty();
        assertThat(sessionClaims.claims()).isEmpty();
    }
}
