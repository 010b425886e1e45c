package dev.codeplatform.execution.sync;

import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The environments this node runs, by session: what file sync and the terminal reach them through. */
public class LiveEnvironments {

    private final Map<SessionId, LiveEnvironment> bySession = new ConcurrentHashMap<>();
    private final List<Consumer<LiveEnvironment>> registrationListeners = new CopyOnWriteArrayList<>();

    public void register(SessionId session, WorkspaceId workspace, UserId owner, String environmentId) {
        LiveEnvironment environment = new LiveEnvironment(session, workspace, owner, environmentId);
        bySession.put(session, environment);
        registrationListeners.forEach(listener -> listener.accept(environment));
    }

    /** Tells the listener of every environment registered from now on (the terminal hub starts its shell early). */
    public void onRegistered(Consumer<LiveEnvironment> listener) {
        registrationListeners.add(listener);
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
