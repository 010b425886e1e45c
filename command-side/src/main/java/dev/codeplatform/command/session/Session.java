package dev.codeplatform.command.session;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.Versions;
import dev.codeplatform.schema.ids.WorkspaceId;
import dev.codeplatform.schema.rejection.Rejection;
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
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A session on a workspace and the life of its execution environment. Opened by the workspace
 * ({@code OpenSession}), driven by the pod saga's {@code Record...} commands, closed by its owner or the platform.
 *
 * <p>Environment: {@code STARTING -> READY -> STOPPED}, or {@code FAILED} from {@code STARTING}/{@code READY}.
 * {@code closed} is separate: closing is the user's decision, stopping is the environment's fate, and the saga stops
 * the environment after a close.
 *
 * <p>The saga retries, so a command whose effect is already recorded is a <em>duplicate</em>: a no-op that answers
 * the current version (same attempt requested again, ready again with the same environment, files synced again,
 * failed/stopped when the environment already ended, close when closed). A command that is not a duplicate and does
 * not fit the state is refused with {@link RejectionCode#SESSION_CLOSED} (details: {@code status}, {@code closed}):
 * e.g. ready after a close, which tells the saga to stop what it just started. Failed/stopped are accepted after a
 * close, as they report the environment's end.
 *
 * <p>Handlers answer the session's version: the number of its events, i.e. last sequence number + 1.
 */
@Aggregate
public class Session {

    enum Status { STARTING, READY, FAILED, STOPPED }

    @AggregateIdentifier
    private SessionId sessionId;
    private WorkspaceId workspaceId;
    private UserId owner;
    private Status status;
    private boolean closed;
    private int lastAttempt;
    private boolean requested;
    private String environmentId;
    private boolean filesSynced;
    private long version;

    protected Session() {
    }

    /**
     * Only the workspace opens sessions (through {@code AggregateLifecycle.createNew}), after checking its owner and
     * claiming a place under the per-user limit.
     */
    public Session(SessionId sessionId, WorkspaceId workspaceId, UserId owner, Actor actor) {
        apply(new SessionOpened(sessionId, workspaceId, owner, actor));
    }

    @CommandHandler
    Long handle(RecordEnvironmentRequested command) {
        if (requested && command.attempt() <= lastAttempt) {
            return version;
        }
        requireStartingAndOpen(command);
        apply(new ExecutionEnvironmentRequested(sessionId, workspaceId, command.attempt()));
        return version;
    }

    @CommandHandler
    Long handle(RecordEnvironmentReady command) {
        if (status == Status.READY && Objects.equals(environmentId, command.environmentId())) {
            return version;
        }
        requireStartingAndOpen(command);
        apply(new ExecutionEnvironmentReady(sessionId, command.environmentId()));
        return version;
    }

    @CommandHandler
    Long handle(RecordFilesSyncedIn command) {
        if (filesSynced) {
            return version;
        }
        // Some backends fill the environment's volume before it reports ready, so STARTING is fine too.
        if (closed || !isLive()) {
            throw outOfOrder(command);
        }
        apply(new FilesSyncedIn(sessionId, command.files(), command.bytes()));
        return version;
    }

    @CommandHandler
    Long handle(RecordEnvironmentFailed command, OpenSessionClaims claims) {
        if (!isLive()) {
            return version;
        }
        apply(new ExecutionEnvironmentFailed(sessionId, command.reason()));
        claims.release(sessionId);
        return version;
    }

    @CommandHandler
    Long handle(RecordEnvironmentStopped command, OpenSessionClaims claims) {
        if (!isLive()) {
            return version;
        }
        apply(new ExecutionEnvironmentStopped(sessionId, command.reason()));
        claims.release(sessionId);
        return version;
    }

    /**
     * A user may close only their own session (anyone else gets {@code SESSION_NOT_FOUND}), a terminal only the session
     * it runs in; the platform ({@code SYSTEM}) any. Releases the session's place under the per-user limit.
     */
    @CommandHandler
    Long handle(CloseSession command, OpenSessionClaims claims) {
        requireMayClose(command.actor());
        if (closed) {
            return version;
        }
        apply(new SessionClosed(sessionId, workspaceId, command.actor(), command.reason()));
        claims.release(sessionId);
        return version;
    }

    @EventSourcingHandler
    void on(SessionOpened event, @SequenceNumber long sequence) {
        sessionId = event.sessionId();
        workspaceId = event.workspaceId();
        owner = event.owner();
        status = Status.STARTING;
        version = Versions.afterSequence(sequence);
    }

    @EventSourcingHandler
    void on(ExecutionEnvironmentRequested event, @SequenceNumber long sequence) {
        requested = true;
        lastAttempt = event.attempt();
        version = Versions.afterSequence(sequence);
    }

    @EventSourcingHandler
    void on(ExecutionEnvironmentReady event, @SequenceNumber long sequence) {
        status = Status.READY;
        environmentId = event.environmentId();
        version = Versions.afterSequence(sequence);
    }

    @EventSourcingHandler
    void on(FilesSyncedIn event, @SequenceNumber long sequence) {
        filesSynced = true;
        version = Versions.afterSequence(sequence);
    }

    @EventSourcingHandler
    void on(ExecutionEnvironmentFailed event, @SequenceNumber long sequence) {
        status = Status.FAILED;
        version = Versions.afterSequence(sequence);
    }

    @EventSourcingHandler
    void on(ExecutionEnvironmentStopped event, @SequenceNumber long sequence) {
        status = Status.STOPPED;
        version = Versions.afterSequence(sequence);
    }

    @EventSourcingHandler
    void on(SessionClosed event, @SequenceNumber long sequence) {
        closed = true;
        version = Versions.afterSequence(sequence);
    }

    private boolean isLive() {
        return status == Status.STARTING || status == Status.READY;
    }

    private void requireStartingAndOpen(Object command) {
        if (closed || status != Status.STARTING) {
            throw outOfOrder(command);
        }
    }

    private Rejection outOfOrder(Object command) {
        return new Rejection(RejectionCode.SESSION_CLOSED,
                "session " + sessionId + " is " + (closed ? "closed" : status.name().toLowerCase(java.util.Locale.ROOT))
                        + ": " + command.getClass().getSimpleName() + " does not apply",
                Map.of("status", status.name(), "closed", closed));
    }

    private void requireMayClose(Actor actor) {
        if (actor == null) {
            throw new IllegalArgumentException("CloseSession needs an actor");
        }
        boolean allowed = switch (actor.kind()) {
            case USER -> actor.id().equals(owner.toString());
            case TERMINAL -> actor.id().equals(sessionId.toString());
            case SYSTEM -> true;
        };
        if (!allowed) {
            throw new Rejection(RejectionCode.SESSION_NOT_FOUND, "session " + sessionId + " not found",
                    Map.of("sessionId", sessionId.toString()));
        }
    }
}
