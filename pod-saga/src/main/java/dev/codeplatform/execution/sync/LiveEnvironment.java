package dev.codeplatform.execution.sync;

import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One running environment and what file sync knows of it: the workspace content it holds ({@code known}: path to
 * hash, folders mapped to {@link #FOLDER}), the workspace version it was copied at, and workspace changes that
 * arrived while the copy ran. All sync work for it runs on at most one thread at a time, so changes apply in order.
 */
public final class LiveEnvironment {

    static final String FOLDER = "";

    private final SessionId sessionId;
    private final WorkspaceId workspaceId;
    private final UserId owner;
    private final String environmentId;
    final Map<String, String> known = new ConcurrentHashMap<>();
    final List<Runnable> pendingUntilCopied = new ArrayList<>();
    long copiedAtVersion = -1;
    private final List<java.util.function.Consumer<String>> noticeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    AutoCloseable watch;
    final ExecutorService sync;

    LiveEnvironment(SessionId sessionId, WorkspaceId workspaceId, UserId owner, String environmentId) {
        this.sessionId = sessionId;
        this.workspaceId = workspaceId;
        this.owner = owner;
        this.environmentId = environmentId;
        // One thread at most, so changes apply in order; it ends when idle, so idle sessions hold no thread.
        this.sync = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "file-sync-" + sessionId);
            thread.setDaemon(true);
            return thread;
        });
    }

    public SessionId sessionId() {
        return sessionId;
    }

    public WorkspaceId workspaceId() {
        return workspaceId;
    }

    public UserId owner() {
        return owner;
    }

    public String environmentId() {
        return environmentId;
    }

    /**
     * Listens for notices meant for the user (a file the workspace refused); terminals show them. Closing the
     * returned handle stops listening.
     */
    public AutoCloseable onNotice(java.util.function.Consumer<String> listener) {
        noticeListeners.add(listener);
        return () -> noticeListeners.remove(listener);
    }

    void notice(String message) {
        noticeListeners.forEach(listener -> listener.accept(message));
    }

    void close() {
        sync.shutdownNow();
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception ignored) {
                // The environment is going away with its watch.
            }
        }
    }
}
