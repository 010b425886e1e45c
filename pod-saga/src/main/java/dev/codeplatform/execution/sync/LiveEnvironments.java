package dev.codeplatform.execution.sync;

import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The environments this node runs, by session: what file sync and the terminal reach them through. */
public class LiveEnvironments {

    private final Map<SessionId, LiveEnvironment> bySession = new ConcurrentHashMap<>();
    private final List<Consumer<LiveEnvironment>> registrationListeners = new CopyOnWriteArrayList<>();
    /** Changed only inside the map's atomic operations, so a wait cannot land in a set that was already handed out. */
    private final Map<SessionId, Set<CompletableFuture<LiveEnvironment>>> awaiting = new ConcurrentHashMap<>();

    public void register(SessionId session, WorkspaceId workspace, UserId owner, String environmentId) {
        LiveEnvironment environment = new LiveEnvironment(session, workspace, owner, environmentId);
        bySession.put(session, environment);
        Set<CompletableFuture<LiveEnvironment>> waiting = awaiting.remove(session);
        if (waiting != null) {
            waiting.forEach(registration -> registration.complete(environment));
        }
        registrationListeners.forEach(listener -> listener.accept(environment));
    }

    /** Tells the listener of every environment registered from now on (the terminal hub starts its shell early). */
    public void onRegistered(Consumer<LiveEnvironment> listener) {
        registrationListeners.add(listener);
    }

    /**
     * Completes with the session's environment once it is registered, at once if it already is. Cancelling the
     * future stops the wait; a completed or cancelled wait leaves nothing behind.
     */
    public CompletableFuture<LiveEnvironment> awaitRegistration(SessionId session) {
        CompletableFuture<LiveEnvironment> registration = new CompletableFuture<>();
        awaiting.compute(session, (id, waiting) -> {
            Set<CompletableFuture<LiveEnvironment>> set = waiting != null ? waiting : ConcurrentHashMap.newKeySet();
            set.add(registration);
            return set;
        });
        // Looked up after the wait is in place: an environment registered in between is found here, one registered
        // later completes the wait.
        find(session).ifPresent(registration::complete);
        registration.whenComplete((environment, error) -> awaiting.computeIfPresent(session, (id, waiting) -> {
            waiting.remove(registration);
            return waiting.isEmpty() ? null : waiting;
        }));
        return registration;
    }

    /** How many waits for a registration are pending: each ends with its registration or its cancellation. */
    public int pendingRegistrationWaits() {
        return awaiting.values().stream().mapToInt(Set::size).sum();
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
