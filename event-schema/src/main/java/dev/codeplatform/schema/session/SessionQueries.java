package dev.codeplatform.schema.session;

import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;

public final class SessionQueries {

    private SessionQueries() {
    }

    /** Someone else's session reads as not found. */
    public record GetSession(SessionId sessionId, UserId owner, long minVersion) {
    }

    /** Sessions whose environment should be running (starting or ready): what start-up reconciles against. */
    public record ListLiveSessions() {
    }

    public enum Status { STARTING, READY, FAILED, STOPPED }

    /** {@code step} names the last start step reached (requested, ready, synced) for progress display. */
    public record SessionView(SessionId sessionId, WorkspaceId workspaceId, UserId owner, Status status,
                              String step, String reason, long version) {
    }
}
