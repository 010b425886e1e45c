package dev.codeplatform.schema.session;

import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.SessionId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on a session. Opening one goes through its workspace ({@code WorkspaceCommands.OpenSession}). */
public final class SessionCommands {

    private SessionCommands() {
    }

    public record CloseSession(@TargetAggregateIdentifier SessionId sessionId, Actor actor, String reason) {
    }

    public record RecordEnvironmentRequested(@TargetAggregateIdentifier SessionId sessionId, int attempt) {
    }

    public record RecordEnvironmentReady(@TargetAggregateIdentifier SessionId sessionId, String environmentId) {
    }

    public record RecordFilesSyncedIn(@TargetAggregateIdentifier SessionId sessionId, int files, long bytes) {
    }

    public record RecordEnvironmentFailed(@TargetAggregateIdentifier SessionId sessionId, String reason) {
    }

    public record RecordEnvironmentStopped(@TargetAggregateIdentifier SessionId sessionId, String reason) {
    }
}
