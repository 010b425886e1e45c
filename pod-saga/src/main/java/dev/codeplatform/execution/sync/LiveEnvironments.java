package dev.codeplatform.execution.sync;

import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The environments this node runs, by session: what file sync and the terminal reach them through. */
public class LiveEnvironments {

    private final Map<SessionId, LiveEnvironment> bySession = new ConcurrentHashMap<>();

    public void register(SessionId session, WorkspaceId workspace, UserId owner, String environmentId) {
        bySession.put(session, new LiveEnvironment(session, workspace, owner, environmentId));
    }

    public Optional<LiveEnvironment> find(SessionId session) {
        return Optional.ofNullable(bySession.get(session));
    }

    List<LiveEnvironment> ofWorkspace(WorkspaceId workspace) {
        return bySession.values().stream().filter(live -> live.workspaceId().equals(workspace)).toList();
    }

    public void unregister(SessionId session) {
        LiveEnvironment removed = bySession.remove(session);
        if (removed != null) {
            removed.close();
        }
    }
}
