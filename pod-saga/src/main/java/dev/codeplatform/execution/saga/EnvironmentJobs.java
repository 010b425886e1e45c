package dev.codeplatform.execution.saga;

import dev.codeplatform.execution.EnvironmentFailure;
import dev.codeplatform.execution.EnvironmentRequest;
import dev.codeplatform.execution.ExecutionBackend;
import dev.codeplatform.execution.sync.FileSync;
import dev.codeplatform.execution.sync.LiveEnvironments;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import dev.codeplatform.schema.session.SessionCommands.RecordEnvironmentFailed;
import dev.codeplatform.schema.session.SessionCommands.RecordEnvironmentReady;
import dev.codeplatform.schema.session.SessionCommands.RecordEnvironmentRequested;
import dev.codeplatform.schema.session.SessionCommands.RecordFilesSyncedIn;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slow work of the environment saga, done off the event processor's thread: starting an environment and syncing
 * the workspace into it as soon as it is ready, stopping it. Outcomes go back to the saga as commands, so every step becomes an event.
 */
public class EnvironmentJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentJobs.class);

    public record Start(SessionId sessionId, WorkspaceId workspaceId, UserId owner, int attempt) {
    }

    private final ExecutionBackend backend;
    private final CommandGateway commands;
    private final EnvironmentSettings settings;
    private final LiveEnvironments environments;
    private final FileSync fileSync;
    private final SessionActivity activity;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, named("environment-jobs"));
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(named("environment-retries"));

    public EnvironmentJobs(ExecutionBackend backend, CommandGateway commands, EnvironmentSettings settings,
                           LiveEnvironments environments, FileSync fileSync, SessionActivity activity) {
        this.backend = backend;
        this.commands = commands;
        this.settings = settings;
        this.environments = environments;
        this.fileSync = fileSync;
        this.activity = activity;
    }

    /** One environment per session; its id is the session's, so a retry replaces the failed attempt's leftovers. */
    static String environmentId(SessionId session) {
        return session.toString();
    }

    void start(Start start) {
        workers.execute(() -> {
            String environmentId = environmentId(start.sessionId());
            try {
                backend.create(new EnvironmentRequest(environmentId, start.sessionId().toString(), start.owner().toString()));
                if (start.attempt() == 1) {
                    // Recorded while the environment is being made, and before it can be recorded as ready; later
                    // attempts were recorded by attemptFailed before they started.
                    report(new RecordEnvironmentRequested(start.sessionId(), 1));
                }
                backend.awaitReady(environmentId, settings.startTimeout());
                environments.register(start.sessionId(), start.workspaceId(), start.owner(), environmentId);
            } catch (EnvironmentFailure | IllegalStateException e) {
                log.warn("Attempt {} to start the environment of session {} failed: {}", start.attempt(),
                        start.sessionId(), e.getMessage());
                attemptFailed(start.sessionId(), start.attempt(), e.getMessage());
                return;
            }
            report(new RecordEnvironmentReady(start.sessionId(), environmentId));
            syncIn(start.sessionId());
        });
    }

    /** Retries with a doubling backoff until the attempts run out, then reports the failure with its reason. */
    void attemptFailed(SessionId session, int attempt, String reason) {
        stopQuietly(session);
        if (attempt < settings.maxAttempts()) {
            retries.schedule(() -> report(new RecordEnvironmentRequested(session, attempt + 1)),
                    settings.backoffAfter(attempt).toMillis(), TimeUnit.MILLISECONDS);
        } else {
            report(new RecordEnvironmentFailed(session,
                    "Could not start the environment after " + attempt + " attempts: " + reason));
        }
    }

    private void syncIn(SessionId session) {
        try {
            FileSync.Copied copied = fileSync.copyIn(session);
            report(new RecordFilesSyncedIn(session, copied.files(), copied.bytes()));
        } catch (RuntimeException e) {
            if (environments.find(session).isEmpty()) { // stopped meanwhile (closed): nothing left to copy into
                log.debug("Session {} stopped while its files were copied in: {}", session, e.getMessage());
                return;
            }
            log.warn("Syncing files into the environment of session {} failed", session, e);
            report(new RecordEnvironmentFailed(session, "Could not copy the workspace's files in: "
                    + e.getMessage()));
        }
    }

    /**
     * Reports a step of the environment (requested, ready, files synced in, failed) to the session. The session
     * refuses it if it was closed meanwhile, which is no failure: the saga stops the environment anyway. Anything else
     * is logged.
     */
    private void report(Object command) {
        commands.send(command, (message, result) -> {
            if (!result.isExceptional()) {
                return;
            }
            Throwable failure = result.exceptionResult();
            if (failure instanceof Rejection rejection && rejection.code() == RejectionCode.SESSION_CLOSED) {
                log.debug("{} came after the session was closed", message.getPayloadType().getSimpleName());
            } else {
                log.warn("{} failed", message.getPayloadType().getSimpleName(), failure);
            }
        });
    }

    void stop(SessionId session) {
        activity.forget(session);
        workers.execute(() -> stopQuietly(session));
    }

    /**
     * Unregisters the environment before its stop, so nothing new is routed to it, and after: a start that became
     * ready while this stop waited for it registered it meanwhile.
     */
    private void stopQuietly(SessionId session) {
        environments.unregister(session);
        try {
            backend.stop(environmentId(session));
        } catch (RuntimeException e) {
            log.warn("Stopping the environment of session {} failed", session, e);
        } finally {
            environments.unregister(session);
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
        workers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
