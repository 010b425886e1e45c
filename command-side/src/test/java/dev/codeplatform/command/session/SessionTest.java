package dev.codeplatform.command.session;

import static dev.codeplatform.command.testing.Rejections.rejectedWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeplatform.command.testing.InMemoryOpenSessionClaims;
import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import dev.codeplatform.schema.rejection.RejectionCode;
import dev.codeplatform.schema.session.SessionCommands.CloseSession;
import dev.codeplatform.schema.session.SessionCommands.RecordEnvironmentFailed;
import dev.codeplatform.schema.session.SessionCommands.RecordEnvironmentReady;
import dev.codeplatform.schema.session.SessionCommands.RecordEnvironmentRequested;
import dev.codeplatform.schema.session.SessionCommands.RecordEnvironmentStopped;
import dev.codeplatform.schema.session.SessionCommands.RecordFilesSyncedIn;
import dev.codeplatform.schema.session.SessionEvent.ExecutionEnvironmentFailed;
import dev.codeplatform.schema.session.SessionEvent.ExecutionEnvironmentReady;
import dev.codeplatform.schema.session.SessionEvent.ExecutionEnvironmentRequested;
import dev.codeplatform.schema.session.SessionEvent.ExecutionEnvironmentStopped;
import dev.codeplatform.schema.session.SessionEvent.FilesSyncedIn;
import dev.codeplatform.schema.session.SessionEvent.SessionClosed;
import dev.codeplatform.schema.session.SessionEvent.SessionOpened;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionTest {

    private static final SessionId SESSION = SessionId.parse("0b6f4c8e-8f5e-4d2a-9c51-000000000001");
    private static final WorkspaceId WORKSPACE = WorkspaceId.parse("0b6f4c8e-8f5e-4d2a-9c51-000000000002");
    private static final UserId OWNER = UserId.parse("0b6f4c8e-8f5e-4d2a-9c51-00000000000a");
    private static final Actor USER = Actor.user(OWNER);
    private static final Actor SAGA = Actor.system("pod-saga");

    private static final SessionOpened OPENED = new SessionOpened(SESSION, WORKSPACE, OWNER, USER);
    private static final ExecutionEnvironmentRequested REQUESTED =
            new ExecutionEnvironmentRequested(SESSION, WORKSPACE, 1);
    private static final ExecutionEnvironmentReady READY = new ExecutionEnvironmentReady(SESSION, "env-1");
    private static final FilesSyncedIn SYNCED = new FilesSyncedIn(SESSION, 3, 120);
    private static final ExecutionEnvironmentFailed FAILED = new ExecutionEnvironmentFailed(SESSION, "image pull");
    private static final ExecutionEnvironmentStopped STOPPED = new ExecutionEnvironmentStopped(SESSION, "idle");
    private static final SessionClosed CLOSED = new SessionClosed(SESSION, WORKSPACE, USER, "done");

    private final InMemoryOpenSessionClaims claims = new InMemoryOpenSessionClaims();
    private AggregateTestFixture<Session> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Session.class);
        fixture.registerInjectableResource(claims);
        claims.claim(SESSION, OWNER);
    }

    @Test
    void theEnvironmentGoesFromRequestedToReadyToSyncedToStopped() {
        fixture.given(OPENED)
               .when(new RecordEnvironmentRequested(SESSION, 1))
               .expectEvents(REQUESTED)
               .expectResultMessagePayload(2L);
        fixture.given(OPENED, REQUESTED)
               .when(new RecordEnvironmentReady(SESSION, "env-1"))
               .expectEvents(READY)
               .expectResultMessagePayload(3L);
        fixture.given(OPENED, REQUESTED, READY)
               .when(new RecordFilesSyncedIn(SESSION, 3, 120))
               .expectEvents(SYNCED)
               .expectResultMessagePayload(4L);
        fixture.given(OPENED, REQUESTED, READY, SYNCED)
               .when(new RecordEnvironmentStopped(SESSION, "idle"))
               .expectEvents(STOPPED)
               .expectResultMessagePayload(5L);
    }

    @Test
    void aRetryWithANewAttemptIsRecordedWhileStarting() {
        fixture.given(OPENED, REQUESTED)
               .when(new RecordEnvironmentRequested(SESSION, 2))
               .expectEvents(new ExecutionEnvironmentRequested(SESSION, WORKSPACE, 2));
    }

    @Test
    void filesMayBeSyncedInBeforeTheEnvironmentIsReady() {
        fixture.given(OPENED, REQUESTED)
               .when(new RecordFilesSyncedIn(SESSION, 3, 120))
               .expectEvents(SYNCED);
    }

    @Test
    void anEnvironmentThatFailsToStartEndsTheSessionsClaimOnAPlace() {
        fixture.given(OPENED, REQUESTED)
               .when(new RecordEnvironmentFailed(SESSION, "image pull"))
               .expectEvents(FAILED)
               .expectResultMessagePayload(3L);

        assertThat(claims.claims()).isEmpty();
    }

    @Test
    void aStoppedEnvironmentEndsTheSessionsClaimOnAPlace() {
        fixture.given(OPENED, REQUESTED, READY)
               .when(new RecordEnvironmentStopped(SESSION, "idle"))
               .expectEvents(STOPPED);

        assertThat(claims.claims()).isEmpty();
    }

    static Stream<Arguments> duplicates() {
        return Stream.of(
                Arguments.of("the same attempt again", new Object[]{OPENED, REQUESTED},
                        new RecordEnvironmentRequested(SESSION, 1)),
                Arguments.of("an earlier attempt late", new Object[]{OPENED, REQUESTED,
                        new ExecutionEnvironmentRequested(SESSION, WORKSPACE, 2)},
                        new RecordEnvironmentRequested(SESSION, 1)),
                Arguments.of("a requested step after ready", new Object[]{OPENED, REQUESTED, READY},
                        new RecordEnvironmentRequested(SESSION, 1)),
                Arguments.of("ready again with the same environment", new Object[]{OPENED, REQUESTED, READY},
                        new RecordEnvironmentReady(SESSION, "env-1")),
                Arguments.of("ready again after a close", new Object[]{OPENED, REQUESTED, READY, CLOSED},
                        new RecordEnvironmentReady(SESSION, "env-1")),
                Arguments.of("synced again", new Object[]{OPENED, REQUESTED, READY, SYNCED},
                        new RecordFilesSyncedIn(SESSION, 3, 120)),
                Arguments.of("failed again", new Object[]{OPENED, REQUESTED, FAILED},
                        new RecordEnvironmentFailed(SESSION, "image pull")),
                Arguments.of("stopped again", new Object[]{OPENED, REQUESTED, READY, STOPPED},
                        new RecordEnvironmentStopped(SESSION, "idle")),
                Arguments.of("stopped after failed", new Object[]{OPENED, REQUESTED, FAILED},
                        new RecordEnvironmentStopped(SESSION, "cleanup")),
                Arguments.of("failed after stopped", new Object[]{OPENED, REQUESTED, READY, STOPPED},
                        new RecordEnvironmentFailed(SESSION, "late")),
                Arguments.of("closed again", new Object[]{OPENED, CLOSED},
                        new CloseSession(SESSION, USER, "again")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("duplicates")
    void aDuplicateIsANoOpThatAnswersTheCurrentVersion(String name, Object[] given, Object command) {
        fixture.given(given)
               .when(command)
               .expectSuccessfulHandlerExecution()
               .expectNoEvents()
               .expectResultMessagePayload((long) given.length);
    }

    static Stream<Arguments> outOfOrder() {
        return Stream.of(
                Arguments.of("a new attempt after ready", new Object[]{OPENED, REQUESTED, READY},
                        new RecordEnvironmentRequested(SESSION, 2)),
                Arguments.of("a new attempt after a close", new Object[]{OPENED, REQUESTED, CLOSED},
                        new RecordEnvironmentRequested(SESSION, 2)),
                Arguments.of("ready after a close", new Object[]{OPENED, REQUESTED, CLOSED},
                        new RecordEnvironmentReady(SESSION, "env-1")),
                Arguments.of("ready with another environment", new Object[]{OPENED, REQUESTED, READY},
                        new RecordEnvironmentReady(SESSION, "env-2")),
                Arguments.of("ready after failed", new Object[]{OPENED, REQUESTED, FAILED},
                        new RecordEnvironmentReady(SESSION, "env-1")),
                Arguments.of("synced after stopped", new Object[]{OPENED, REQUESTED, READY, STOPPED},
                        new RecordFilesSyncedIn(SESSION, 3, 120)),
                Arguments.of("synced after a close", new Object[]{OPENED, REQUESTED, READY, CLOSED},
                        new RecordFilesSyncedIn(SESSION, 3, 120)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfOrder")
    void aCommandThatDoesNotFitTheStateIsRefusedAsClosed(String name, Object[] given, Object command) {
        fixture.given(given)
               .when(command)
               .expectException(rejectedWith(RejectionCode.SESSION_CLOSED))
               .expectNoEvents();
    }

    @Test
    void theEnvironmentsEndIsRecordedAfterTheSessionIsClosed() {
        fixture.given(OPENED, REQUESTED, READY, CLOSED)
               .when(new RecordEnvironmentStopped(SESSION, "closed"))
               .expectEvents(new ExecutionEnvironmentStopped(SESSION, "closed"));
    }

    @Test
    void closingASessionRecordsItAndReleasesItsPlace() {
        fixture.given(OPENED, REQUESTED, READY)
               .when(new CloseSession(SESSION, USER, "done"))
               .expectEvents(CLOSED)
               .expectResultMessagePayload(4L);

        assertThat(claims.claims()).isEmpty();
    }

    @Test
    void thePlatformMayCloseAnySession() {
        fixture.given(OPENED)
               .when(new CloseSession(SESSION, SAGA, "workspace deleted"))
               .expectEvents(new SessionClosed(SESSION, WORKSPACE, SAGA, "workspace deleted"));
    }

    @Test
    void aTerminalMayCloseOnlyItsOwnSession() {
        Actor ownTerminal = Actor.terminal(SESSION);
        fixture.given(OPENED)
               .when(new CloseSession(SESSION, ownTerminal, "exit"))
               .expectEvents(new SessionClosed(SESSION, WORKSPACE, ownTerminal, "exit"));
        fixture.given(OPENED)
               .when(new CloseSession(SESSION, Actor.terminal(SessionId.random()), "exit"))
               .expectException(rejectedWith(RejectionCode.SESSION_NOT_FOUND))
               .expectNoEvents();
    }

    @Test
    void someoneElsesSessionIsNotFoundAndKeepsItsPlace() {
        fixture.given(OPENED)
               .when(new CloseSession(SESSION, Actor.user(UserId.random()), "mine now"))
               .expectException(rejectedWith(RejectionCode.SESSION_NOT_FOUND,
                       Map.of("sessionId", SESSION.toString())))
               .expectNoEvents();

        assertThat(claims.claims()).containsKey(SESSION);
    }

    @Test
    void someoneElsesClosedSessionIsNotFoundEither() {
        fixture.given(OPENED, CLOSED)
               .when(new CloseSession(SESSION, Actor.user(UserId.random()), "again"))
               .expectException(rejectedWith(RejectionCode.SESSION_NOT_FOUND))
               .expectNoEvents();
    }
}
