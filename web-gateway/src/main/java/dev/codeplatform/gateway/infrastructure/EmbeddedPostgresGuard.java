package dev.codeplatform.gateway.infrastructure;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's folder belongs to one running platform at a time. A platform that was killed (SIGKILL,
 * the OOM killer) leaves its PostgreSQL running on that folder, and the next start would fail on it. So a start first
 * takes the folder's lock (another platform still running on it is an error that says so), and then stops such an
 * orphan: SIGTERM, after which PostgreSQL shuts down once the dead platform's connections are gone; SIGKILL if that
 * takes too long (PostgreSQL then recovers from its write-ahead log at the next start: fsync is on).
 */
final class EmbeddedPostgresGuard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresGuard.class);
    private static final String LOCK_SUFFIX = ".lock";
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private final FileChannel channel;
    private final FileLock lock;

    private EmbeddedPostgresGuard(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the folder for this process and stops what an earlier, killed platform left running on it. */
    static EmbeddedPostgresGuard claim(Path directory) throws IOException {
        // beside the folder, not in it: initdb wants an empty folder
        Path lockFile = directory.resolveSibling(directory.getFileName() + LOCK_SUFFIX);
        Files.createDirectories(directory);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("The database folder " + directory + " is in use by another running "
                    + "platform: stop it, or start this one with another --platform.data-dir");
        }
        EmbeddedPostgresGuard guard = new EmbeddedPostgresGuard(channel, lock);
        try {
            orphan(directory).ifPresent(postgres -> stop(postgres, directory));
        } catch (RuntimeException e) {
            guard.close();
            throw e;
        }
        return guard;
    }

    /** The PostgreSQL named by the folder's postmaster.pid, if that process still runs on this folder. */
    static Optional<ProcessHandle> orphan(Path directory) throws IOException {
        List<String> pidFile;
        try {
            pidFile = Files.readAllLines(directory.resolve("postmaster.pid"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (pidFile.size() < 2) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(pidFile.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        boolean sameFolder = Path.of(pidFile.get(1).trim()).toAbsolutePath().normalize()
                .equals(directory.toAbsolutePath().normalize());
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> sameFolder && process.info().command().map(c -> c.endsWith("/postgres"))
                        .orElse(false));
    }

    private static void stop(ProcessHandle postgres, Path directory) {
        log.warn("A PostgreSQL (pid {}) left by a platform that did not shut down is still running on {}: stopping "
                + "it", postgres.pid(), directory);
        postgres.destroy();
        try {
            postgres.onExit().get(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.warn("PostgreSQL (pid {}) did not stop within {} s: killing it", postgres.pid(),
                    SHUTDOWN_WAIT.toSeconds());
            postgres.destroyForcibly();
            postgres.onExit().orTimeout(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL " + postgres.pid(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not wait for PostgreSQL " + postgres.pid() + " to stop", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
