package dev.codeplatform.schema.session;

import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;

/** A session's life: opened, its execution environment's steps, closed. */
public sealed interface SessionEvent {

    SessionId sessionId();

    record SessionOpened(SessionId sessionId, WorkspaceId workspaceId, UserId owner, Actor actor)
            implements SessionEvent {
    }

    record ExecutionEnvironmentRequested(SessionId sessionId, WorkspaceId workspaceId, int attempt)
            implements SessionEvent {
    }

    record ExecutionEnvironmentReady(SessionId sessionId, String environmentId) implements SessionEvent {
    }

    record FilesSyncedIn(SessionId sessionId, int files, long bytes) implements SessionEvent {
    }

    /** Final: the environment could not be started; {@code reason} is shown to the user. */
    record ExecutionEnvironmentFailed(SessionId sessionId, String reason) implements SessionEvent {
    }

    record ExecutionEnvironmentStopped(SessionId sessionId, String reason) implements SessionEvent {
    }

    record SessionClosed(SessionId sessionId, WorkspaceId workspaceId, Actor actor, String reason)
            implements SessionEvent {
    }
}
