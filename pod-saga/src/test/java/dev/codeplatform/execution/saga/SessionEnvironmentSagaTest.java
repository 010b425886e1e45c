package dev.codeplatform.execution.saga;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import dev.codeplatform.schema.session.SessionCommands.CloseSession;
import dev.codeplatform.schema.session.SessionEvent.ExecutionEnvironmentFailed;
import dev.codeplatform.schema.session.SessionEvent.ExecutionEnvironmentReady;
import dev.codeplatform.schema.session.SessionEvent.ExecutionEnvironmentRequested;
import dev.codeplatform.schema.session.SessionEvent.SessionClosed;
import dev.codeplatform.schema.session.SessionEvent.SessionOpened;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The saga's lifecycle with Axon's saga fixture: which commands it sends and which deadlines it sets. The slow work
 * ({@link EnvironmentJobs}) is a collaborator here and is verified by its calls; the real sandbox is exercised by
 * the backend's contract tests and the gateway's integration tests.
 */
class SessionEnvironmentSagaTest {

    private static final SessionId SESSION = SessionId.parse("7f2c1c8e-3d3a-4b39-9a55-0c6e0f6f2d11");
    private static final WorkspaceId WORKSPACE = WorkspaceId.parse("1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed");
    private static final UserId OWNER = UserId.parse("9c5b94b1-35ad-49bb-b118-8e8fc24abf80");
    private static final EnvironmentSettings SETTINGS =
            new EnvironmentSettings(Duration.ofSeconds(30), 3, Duration.ofSeconds(1), Duration.ofMinutes(30), 0);

    private final SagaTestFixture<SessionEnvironmentSaga> fixture = new SagaTestFixture<>(SessionEnvironmentSaga.class);
    private final EnvironmentJobs jobs = mock(EnvironmentJobs.class);
    private final MutableClock activityClock = new MutableClock();
    private final SessionActivity activity = new SessionActivity(activityClock);

    @BeforeEach
    void registerCollaborators() {
        fixture.registerResource(jobs);
        fixture.registerResource(SETTINGS);
        fixture.registerResource(activity);
    }

    private final SessionOpened opened = new SessionOpened(SESSION, WORKSPACE, OWNER, Actor.user(OWNER));

    @Test
    void an_opened_session_starts_its_first_environment_at_once_with_a_deadline_and_records_the_request() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(opened)
                .expectActiveSagas(1)
                .expectNoDispatchedCommands() // the job records the request as it starts
                .expectScheduledDeadlineWithName(Duration.ofSeconds(30), SessionEnvironmentSaga.START_DEADLINE);
        verify(jobs).start(new EnvironmentJobs.Start(SESSION, WORKSPACE, OWNER, 1));
    }

    @Test
    void a_retry_requested_after_a_failed_attempt_is_started_with_its_own_deadline() {
        fixture.givenAPublished(opened)
                .andThenAPublished(new ExecutionEnvironmentRequested(SESSION, WORKSPACE, 1))
                .whenPublishingA(new ExecutionEnvironmentRequested(SESSION, WORKSPACE, 2))
                .expectScheduledDeadlineWithName(Duration.ofSeconds(30), SessionEnvironmentSaga.START_DEADLINE);
        verify(jobs).start(new EnvironmentJobs.Start(SESSION, WORKSPACE, OWNER, 2));
    }

    @Test
    void a_ready_environment_cancels_the_start_deadline_and_watches_for_idleness() {
        fixture.givenAPublished(opened)
                .andThenAPublished(new ExecutionEnvironmentRequested(SESSION, WORKSPACE, 1))
                .whenPublishingA(new ExecutionEnvironmentReady(SESSION, "env-1"))
                .expectNoScheduledDeadlineWithName(Duration.ofSeconds(30), SessionEnvironmentSaga.START_DEADLINE)
                .expectScheduledDeadlineWithName(Duration.ofMinutes(30), SessionEnvironmentSaga.IDLE_DEADLINE);
    }

    @Test
    void a_start_that_exceeds_its_deadline_counts_as_a_failed_attempt() {
        fixture.givenAPublished(opened)
                .andThenAPublished(new ExecutionEnvironmentRequested(SESSION, WORKSPACE, 1))
                .whenTimeElapses(Duration.ofSeconds(31))
                .expectTriggeredDeadlinesWithName(SessionEnvironmentSaga.START_DEADLINE);
        verify(jobs).attemptFailed(eq(SESSION), eq(1), anyString());
    }

    @Test
    void a_retried_attempt_replaces_the_deadline_of_the_one_before() {
        fixture.givenAPublished(opened)
                .andThenAPublished(new ExecutionEnvironmentRequested(SESSION, WORKSPACE, 1))
                .andThenAPublished(new ExecutionEnvironmentRequested(SESSION, WORKSPACE, 2))
                .whenTimeElapses(Duration.ofSeconds(31))
                .expectTriggeredDeadlinesWithName(SessionEnvironmentSaga.START_DEADLINE);
        verify(jobs).attemptFailed(eq(SESSION), eq(2), anyString());
        verify(jobs, never()).attemptFailed(eq(SESSION), eq(1), anyString());
    }

    @Test
    void a_duplicate_request_does_not_start_a_second_environment() {
        fixture.givenAPublished(opened)
                .andThenAPublished(new ExecutionEnvironmentRequested(SESSION, WORKSPACE, 1))
                .whenPublishingA(new ExecutionEnvironmentRequested(SESSION, WORKSPACE, 1))
                .expectNoDispatchedCommands();
        verify(jobs).start(any());
    }

    @Test
    void a_failed_environment_ends_the_saga_and_cleans_up() {
        fixture.givenAPublished(opened)
                .andThenAPublished(new ExecutionEnvironmentRequested(SESSION, WORKSPACE, 3))
                .whenPublishingA(new ExecutionEnvironmentFailed(SESSION, "bubblewrap is not installed"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        verify(jobs).stop(SESSION);
    }

    @Test
    void a_session_idle_past_the_timeout_is_closed_by_the_system() {
        var ready = fixture.givenAPublished(opened)
                .andThenAPublished(new ExecutionEnvironmentRequested(SESSION, WORKSPACE, 1))
                .andThenAPublished(new ExecutionEnvironmentReady(SESSION, "env-1"));
        activityClock.advance(Duration.ofMinutes(30));

        ready.whenTimeElapses(Duration.ofMinutes(30).plusSeconds(1))
                .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                org.hamcrest.Matchers.isA(CloseSession.class)),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void a_session_with_recent_activity_is_not_closed_and_checked_again_later() throws Exception {
        var twentyMinutesAfterReady = fixture.givenAPublished(opened)
                .andThenAPublished(new ExecutionEnvironmentRequested(SESSION, WORKSPACE, 1))
                .andThenAPublished(new ExecutionEnvironmentReady(SESSION, "env-1"))
                .andThenTimeElapses(Duration.ofMinutes(20));
        activityClock.advance(Duration.ofMinutes(20));
        activity.touch(SESSION);
        activityClock.advance(Duration.ofMinutes(10));

        twentyMinutesAfterReady.whenTimeElapses(Duration.ofMinutes(11))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofMinutes(19), SessionEnvironmentSaga.IDLE_DEADLINE);
    }

    @Test
    void closing_the_session_stops_its_environment_and_ends_the_saga() {
        fixture.givenAPublished(opened)
                .andThenAPublished(new ExecutionEnvironmentRequested(SESSION, WORKSPACE, 1))
                .andThenAPublished(new ExecutionEnvironmentReady(SESSION, "env-1"))
                .whenPublishingA(new SessionClosed(SESSION, WORKSPACE, Actor.user(OWNER), "closed by its owner"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        verify(jobs).stop(SESSION);
    }

    /** The clock activity is measured on, moved by the tests in step with the fixture's deadlines. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
