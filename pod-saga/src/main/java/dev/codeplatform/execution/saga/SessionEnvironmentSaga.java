package dev.codeplatform.execution.saga;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import dev.codeplatform.schema.session.SessionCommands.CloseSession;
import dev.codeplatform.schema.session.SessionEvent.ExecutionEnvironmentFailed;
import dev.codeplatform.schema.session.SessionEvent.ExecutionEnvironmentReady;
import dev.codeplatform.schema.session.SessionEvent.ExecutionEnvironmentRequested;
import dev.codeplatform.schema.session.SessionEvent.ExecutionEnvironmentStopped;
import dev.codeplatform.schema.session.SessionEvent.SessionClosed;
import dev.codeplatform.schema.session.SessionEvent.SessionOpened;
import java.time.Duration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

/**
 * Runs a session's execution environment: request it, wait until it is ready (a deadline per attempt; the job then
 * syncs the workspace in), stop it when the session closes or has been idle too long. Every step is an event on the session.
 *
 * <p>The saga holds only serializable state; the gateway, deadline manager and {@link EnvironmentJobs} (which does
 * the slow work off the processor's thread) arrive as handler parameters.
 */
@Saga
// The saga store serializes the saga with Jackson: its state is private fields, with no accessors to expose it.
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class SessionEnvironmentSaga {

    static final String SESSION = "sessionId";
    static final String START_DEADLINE = "environment-start";
    static final String IDLE_DEADLINE = "idle-check";

    private SessionId sessionId;
    private WorkspaceId workspaceId;
    private UserId owner;
    private int attempt;
    private boolean ready;

    /**
     * Starts the first attempt at once: waiting for its request to come back as an event first would add a round trip
     * to every session's start. The job records the request itself, while the environment is being made.
     */
    @StartSaga
    @SagaEventHandler(associationProperty = SESSION)
    void on(SessionOpened event, DeadlineManager deadlines, EnvironmentJobs jobs, EnvironmentSettings settings) {
        sessionId = event.sessionId();
        workspaceId = event.workspaceId();
        owner = event.owner();
        startAttempt(1, deadlines, jobs, settings);
    }

    /** Retries: the attempt after a failed one starts when its request is recorded. */
    @SagaEventHandler(associationProperty = SESSION)
    void on(ExecutionEnvironmentRequested event, DeadlineManager deadlines, EnvironmentJobs jobs,
            EnvironmentSettings settings) {
        if (event.attempt() > attempt) {
            startAttempt(event.attempt(), deadlines, jobs, settings);
        }
    }

    private void startAttempt(int next, DeadlineManager deadlines, EnvironmentJobs jobs, EnvironmentSettings settings) {
        attempt = next;
        deadlines.cancelAllWithinScope(START_DEADLINE);
        deadlines.schedule(settings.startTimeout(), START_DEADLINE, attempt);
        jobs.start(new EnvironmentJobs.Start(sessionId, workspaceId, owner, attempt));
    }

    /** The job copies the workspace in as soon as the environment is ready; from here on it may sit idle. */
    @SagaEventHandler(associationProperty = SESSION)
    void on(ExecutionEnvironmentReady event, DeadlineManager deadlines, EnvironmentSettings settings,
            SessionActivity activity) {
        ready = true;
        activity.touch(sessionId);
        deadlines.cancelAllWithinScope(START_DEADLINE);
        deadlines.schedule(settings.idleTimeout(), IDLE_DEADLINE, sessionId);
    }

    @DeadlineHandler(deadlineName = START_DEADLINE)
    void startTimedOut(Integer timedOutAttempt, EnvironmentJobs jobs, EnvironmentSettings settings) {
        if (!ready && timedOutAttempt.intValue() == attempt) {
            jobs.attemptFailed(sessionId, attempt,
                    "the environment did not become ready within " + settings.startTimeout().toSeconds() + " s");
        }
    }

    /**
     * Closes the session once it has been idle (no terminal input, no file change) for the idle timeout. Axon takes
     * a deadline handler's first parameter as the deadline's payload, hence the session id.
     */
    @DeadlineHandler(deadlineName = IDLE_DEADLINE)
    void idleCheck(SessionId session, DeadlineManager deadlines, SessionActivity activity, EnvironmentSettings settings,
                   CommandGateway commands) {
        Duration idle = activity.idleFor(sessionId);
        if (idle.compareTo(settings.idleTimeout()) >= 0) {
            commands.send(new CloseSession(sessionId, Actor.system("idle-stop"),
                    "stopped after " + settings.idleTimeout().toMinutes() + " min without activity"));
        } else {
            deadlines.schedule(settings.idleTimeout().minus(idle), IDLE_DEADLINE, sessionId);
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SESSION)
    void on(ExecutionEnvironmentFailed event, DeadlineManager deadlines, EnvironmentJobs jobs) {
        end(deadlines, jobs);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SESSION)
    void on(ExecutionEnvironmentStopped event, DeadlineManager deadlines, EnvironmentJobs jobs) {
        end(deadlines, jobs);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SESSION)
    void on(SessionClosed event, DeadlineManager deadlines, EnvironmentJobs jobs) {
        end(deadlines, jobs);
    }

    private void end(DeadlineManager deadlines, EnvironmentJobs jobs) {
        deadlines.cancelAllWithinScope(START_DEADLINE);
        deadlines.cancelAllWithinScope(IDLE_DEADLINE);
        jobs.stop(sessionId);
        SagaLifecycle.end();
    }
}
