package dev.codeplatform.execution.local;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches workspaces with one inotify instance for the whole backend (Java's WatchService on Linux), registered on
 * every folder, and reports changed relative paths per environment, debounced: a batch is delivered 50 ms after the
 * last event, or at the latest 500 ms after its first one while changes keep coming.
 *
 * <p>Registration follows the path as the kernel sees it at that instant; a folder swapped for a symlink in that
 * instant could get a foreign folder watched. Events are only hints (the consumer reads through the no-follow file
 * operations), but to keep such a watch short-lived, a registered folder that turns out not to be a folder is dropped.
 */
final class WorkspaceWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceWatcher.class);
    static final long QUIET_MILLIS = 50;
    static final long MAX_DELAY_MILLIS = 500;
    /** inotify watches are a per-uid kernel resource (fs.inotify.max_user_watches): bound what one workspace takes. */
    static final int MAX_FOLDERS_PER_WORKSPACE = 20_000;

    private final WatchService service;
    private final Thread poller;
    private final ScheduledExecutorService debouncer;
    private final Map<WatchKey, Watched> keys = new ConcurrentHashMap<>();
    private final Map<String, Workspace> workspaces = new ConcurrentHashMap<>();
    private volatile boolean closed;

    WorkspaceWatcher() throws IOException {
        this.service = Path.of("/").getFileSystem().newWatchService();
        this.debouncer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sandbox-watch-debounce");
            thread.setDaemon(true);
            return thread;
        });
        this.poller = new Thread(this::poll, "sandbox-watch");
        this.poller.setDaemon(true);
        this.poller.start();
    }

    private record Watched(Workspace workspace, Path dir) {
    }

    /** Starts delivering an environment's changes to a consumer; close the result to stop. */
    AutoCloseable watch(String environmentId, Path root, Consumer<Set<String>> consumer) throws IOException {
        Workspace workspace;
        synchronized (workspaces) {
            workspace = workspaces.get(environmentId);
            if (workspace == null) {
                workspace = new Workspace(environmentId, root);
                workspace.registerTree(root);
                workspaces.put(environmentId, workspace);
            }
            workspace.consumers.add(consumer);
        }
        Workspace registered = workspace;
        return () -> {
            synchronized (workspaces) {
                registered.consumers.remove(consumer);
                if (registered.consumers.isEmpty()) {
                    forget(environmentId);
                }
            }
        };
    }

    /** Drops every watch of an environment (it is stopping). */
    void forget(String environmentId) {
        synchronized (workspaces) {
            Workspace workspace = workspaces.remove(environmentId);
            if (workspace != null) {
                workspace.cancel();
            }
        }
    }

    private void poll() {
        while (!closed) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Watched watched = keys.get(key);
            List<WatchEvent<?>> events = key.pollEvents();
            if (watched != null && !watched.workspace.cancelled) {
                try {
                    watched.workspace.handle(watched.dir, events);
                } catch (RuntimeException e) {
                    log.warn("Watching {} failed on an event", watched.workspace.environmentId, e);
                }
            }
            if (!key.reset()) {
                keys.remove(key);
                if (watched != null) {
                    watched.workspace.keys.remove(key);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            service.close();
        } catch (IOException e) {
            // closing anyway
        }
        poller.interrupt();
        debouncer.shutdownNow();
    }

    private final class Workspace {

        final String environmentId;
        final Path root;
        final List<Consumer<Set<String>>> consumers = new CopyOnWriteArrayList<>();
        final Set<WatchKey> keys = ConcurrentHashMap.newKeySet();
        private final Set<String> pending = new HashSet<>();
        private long firstEventNanos;
        private long lastEventNanos;
        private boolean flushScheduled;
        private boolean limitWarned;
        volatile boolean cancelled;

        Workspace(String environmentId, Path root) {
            this.environmentId = environmentId;
            this.root = root;
        }

        /** Registers a folder and everything below it (not following symlinks); returns the paths found in it. */
        Set<String> registerTree(Path dir) {
            Set<String> found = new HashSet<>();
            try {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                        if (!register(folder)) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        if (!folder.equals(dir)) {
                            found.add(relative(folder));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        found.add(relative(file));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // folder vanished meanwhile
            }
            return found;
        }

        private boolean register(Path folder) {
            if (cancelled) {
                return false;
            }
            if (keys.size() >= MAX_FOLDERS_PER_WORKSPACE) {
                if (!limitWarned) {
                    limitWarned = true;
                    log.warn("Environment {} has more than {} folders: changes below the others are not watched",
                            environmentId, MAX_FOLDERS_PER_WORKSPACE);
                }
                return false;
            }
            try {
                WatchKey key = folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
                if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) { // swapped for a symlink meanwhile
                    key.cancel();
                    return false;
                }
                keys.add(key);
                WorkspaceWatcher.this.keys.put(key, new Watched(this, folder));
                return true;
            } catch (IOException | ClosedWatchServiceException e) {
                return false;
            }
        }

        void handle(Path dir, List<WatchEvent<?>> events) {
            Set<String> changed = new HashSet<>();
            for (WatchEvent<?> event : events) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    changed.add(""); // events were lost: "anything may have changed"
                    continue;
                }
                Path child = dir.resolve((Path) event.context());
                changed.add(relative(child));
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                        && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    // a new folder (maybe moved in with content, or filled before we registered it)
                    changed.addAll(registerTree(child));
                }
            }
            if (!changed.isEmpty()) {
                enqueue(changed);
            }
        }

        private synchronized void enqueue(Set<String> changed) {
            long now = System.nanoTime();
            if (pending.isEmpty()) {
                firstEventNanos = now;
            }
            lastEventNanos = now;
            pending.addAll(changed);
            if (!flushScheduled) {
                flushScheduled = true;
                schedule(QUIET_MILLIS);
            }
        }

        private void schedule(long delayMillis) {
            try {
                debouncer.schedule(this::flush, delayMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // watcher closed
            }
        }

        private void flush() {
            Set<String> batch;
            synchronized (this) {
                long now = System.nanoTime();
                long quietFor = (now - lastEventNanos) / 1_000_000;
                long waitingFor = (now - firstEventNanos) / 1_000_000;
                if (quietFor < QUIET_MILLIS && waitingFor < MAX_DELAY_MILLIS) {
                    schedule(Math.max(1, Math.min(QUIET_MILLIS - quietFor, MAX_DELAY_MILLIS - waitingFor)));
                    return;
                }
                flushScheduled = false;
                batch = Set.copyOf(pending);
                pending.clear();
            }
            if (cancelled || batch.isEmpty()) {
                return;
            }
            for (Consumer<Set<String>> consumer : consumers) {
                try {
                    consumer.accept(batch);
                } catch (RuntimeException e) {
                    log.warn("A change consumer of environment {} failed", environmentId, e);
                }
            }
        }

        void cancel() {
            cancelled = true;
            for (WatchKey key : keys) {
                key.cancel();
                WorkspaceWatcher.this.keys.remove(key);
            }
            keys.clear();
        }

        private String relative(Path path) {
            return root.relativize(path).toString();
        }
    }
}
