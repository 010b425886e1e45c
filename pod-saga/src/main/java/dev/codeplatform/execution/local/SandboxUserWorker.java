package dev.codeplatform.execution.local;

import dev.codeplatform.execution.EnvironmentFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one environment's workspace file operations on a dedicated thread whose file-system uid and gid are the
 * sandbox's host uid (setfsuid/setfsgid act on the calling thread only). So even if a symlink or rename race planted
 * by the sandbox slipped past the no-follow checks of {@link WorkspaceFiles}, the kernel would only grant what the
 * sandbox itself may do; files the server writes belong to the sandbox user without a chown.
 */
final class SandboxUserWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxUserWorker.class);

    private final String environmentId;
    private final int uid;
    private final AtomicInteger busy = new AtomicInteger();
    private final ThreadLocal<String> identityProblem = new ThreadLocal<>();
    private ExecutorService executor;
    private boolean closed;

    SandboxUserWorker(String environmentId, int uid) {
        this.environmentId = environmentId;
        this.uid = uid;
        this.executor = newExecutor();
    }

    private ExecutorService newExecutor() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(() -> {
                identityProblem.set(becomeSandboxUser());
                runnable.run();
            }, "sandbox-files-" + environmentId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs the task as the sandbox user; a task still running after the timeout is abandoned (and reported). */
    <T> T call(Callable<T> task, Duration timeout) {
        ExecutorService current;
        synchronized (this) {
            if (closed) {
                throw new EnvironmentFailure("environment " + environmentId + " is stopping");
            }
            current = executor;
        }
        Future<T> future;
        try {
            future = current.submit(() -> {
                String problem = identityProblem.get();
                if (problem != null) {
                    throw new EnvironmentFailure("cannot access the workspace as the sandbox user: " + problem);
                }
                busy.incrementAndGet();
                try {
                    return task.call();
                } finally {
                    busy.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            throw new EnvironmentFailure("environment " + environmentId + " is stopping");
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            synchronized (this) { // the thread may be stuck (a FIFO swapped in): later operations get a fresh one
                if (executor == current && !closed) {
                    cancelAll(current);
                    executor = newExecutor();
                }
            }
            throw new EnvironmentFailure("a file operation in environment " + environmentId + " did not finish within "
                    + timeout.toSeconds() + " s");
        } catch (java.util.concurrent.CancellationException e) {
            throw new EnvironmentFailure("environment " + environmentId + " is stopping");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new EnvironmentFailure("interrupted while waiting for a file operation in " + environmentId);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(io.getMessage(), io);
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Whether an operation is running right now (maybe stuck). */
    boolean busy() {
        return busy.get() > 0;
    }

    @Override
    public synchronized void close() {
        closed = true;
        cancelAll(executor);
    }

    /** Stops the executor and cancels what was queued, so that nobody waits for a task that will never run. */
    private static void cancelAll(ExecutorService executor) {
        for (Runnable queued : executor.shutdownNow()) {
            if (queued instanceof Future<?> future) {
                future.cancel(false);
            }
        }
    }

    /** Switches this thread's file-system identity; returns a problem description, or null when done. */
    private String becomeSandboxUser() {
        try {
            warmUp();
            Path status = Path.of("/proc/thread-self/status");
            if (!fields(status, "Groups:").isEmpty()) {
                dropSupplementaryGroups();
            }
            LibC.INSTANCE.setfsgid(uid);
            LibC.INSTANCE.setfsuid(uid);
            String uids = fields(status, "Uid:");
            String gids = fields(status, "Gid:");
            String groups = fields(status, "Groups:");
            if (!uids.endsWith(" " + uid) || !gids.endsWith(" " + uid) || !groups.isEmpty()) {
                return "setfsuid/setfsgid had no effect (uid " + uids + ", gid " + gids + ", groups " + groups + ")";
            }
            return null;
        } catch (RuntimeException | LinkageError | IOException e) {
            log.error("Cannot switch the file thread of {} to uid {}", environmentId, uid, e);
            return e.toString();
        }
    }

    /** Loads what the tasks need while the thread can still read anything (class files, security providers). */
    private static void warmUp() {
        try {
            MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        HexFormat.of().formatHex(new byte[1]);
        WorkspaceFiles.warmUp();
    }

    /** setgroups(0, NULL) as a raw syscall: per thread (glibc's wrapper would change every thread of the JVM). */
    private static void dropSupplementaryGroups() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        long number = switch (arch) {
            case "amd64", "x86_64" -> 116;
            case "aarch64", "arm64" -> 159;
            default -> throw new IllegalStateException("no setgroups syscall number known for " + arch);
        };
        long result = LibC.INSTANCE.syscall(number, 0L, null);
        if (result != 0) {
            throw new IllegalStateException("setgroups failed");
        }
    }

    private static String fields(Path status, String prefix) throws IOException {
        Optional<String> line = Files.readAllLines(status, StandardCharsets.US_ASCII).stream()
                .filter(l -> l.startsWith(prefix)).findFirst();
        return line.map(l -> l.substring(prefix.length()).trim().replaceAll("\\s+", " ")).orElse("");
    }
}
