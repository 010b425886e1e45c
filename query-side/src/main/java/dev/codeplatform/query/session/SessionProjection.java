package dev.codeplatform.query.session;

import static dev.codeplatform.schema.ids.Versions.afterSequence;

import dev.codeplatform.query.versions.ProjectedVersions;
import dev.codeplatform.schema.session.SessionEvent.ExecutionEnvironmentFailed;
import dev.codeplatform.schema.session.SessionEvent.ExecutionEnvironmentReady;
import dev.codeplatform.schema.session.SessionEvent.ExecutionEnvironmentRequested;
import dev.codeplatform.schema.session.SessionEvent.ExecutionEnvironmentStopped;
import dev.codeplatform.schema.session.SessionEvent.FilesSyncedIn;
import dev.codeplatform.schema.session.SessionEvent.SessionClosed;
import dev.codeplatform.schema.session.SessionEvent.SessionOpened;
import dev.codeplatform.schema.session.SessionQueries.Status;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Projects a session's life into {@code session_view}: status, the last start step reached and the reason of a
 * failure or stop. Version-guarded like the workspace projection, so replays are no-ops.
 */
@ProcessingGroup(SessionProjection.GROUP)
public class SessionProjection {

    public static final String GROUP = "sessions";

    private final JdbcTemplate jdbc;

    public SessionProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SessionOpened event, @SequenceNumber long sequence) {
        UUID id = event.sessionId().value();
        ProjectedVersions.applyAndAnnounce(jdbc, id, afterSequence(sequence), """
                        insert into session_view (id, workspace_id, owner, status, step, version) values (?, ?, ?, ?, ?, ?)
                        on conflict (id) do nothing""",
                id, event.workspaceId().value(), event.owner().value(), Status.STARTING.name(), "opened",
                afterSequence(sequence));
    }

    @EventHandler
    void on(ExecutionEnvironmentRequested event, @SequenceNumber long sequence) {
        change(event.sessionId().value(), sequence, Status.STARTING, "requested", null);
    }

    @EventHandler
    void on(ExecutionEnvironmentReady event, @SequenceNumber long sequence) {
        change(event.sessionId().value(), sequence, Status.STARTING, "environment-ready", null);
    }

    @EventHandler
    void on(FilesSyncedIn event, @SequenceNumber long sequence) {
        change(event.sessionId().value(), sequence, Status.READY, "files-synced", null);
    }

    @EventHandler
    void on(ExecutionEnvironmentFailed event, @SequenceNumber long sequence) {
        change(event.sessionId().value(), sequence, Status.FAILED, "failed", event.reason());
    }

    @EventHandler
    void on(ExecutionEnvironmentStopped event, @SequenceNumber long sequence) {
        change(event.sessionId().value(), sequence, Status.STOPPED, "stopped", event.reason());
    }

    @EventHandler
    void on(SessionClosed event, @SequenceNumber long sequence) {
        UUID id = event.sessionId().value();
        long version = afterSequence(sequence);
        // A failed session keeps its status and reason; anything else is stopped by the close.
        ProjectedVersions.applyAndAnnounce(jdbc, id, version, """
                update session_view set version = ?, step = 'closed',
                       status = case when status = 'FAILED' then status else 'STOPPED' end,
                       reason = coalesce(reason, ?)
                where id = ? and version < ?""", version, event.reason(), id, version);
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from session_view");
    }

    private void change(UUID id, long sequence, Status status, String step, String reason) {
        long version = afterSequence(sequence);
        ProjectedVersions.applyAndAnnounce(jdbc, id, version, """
                update session_view set version = ?, status = ?, step = ?, reason = ?
                where id = ? and version < ?""", version, status.name(), step, reason, id, version);
    }
}
