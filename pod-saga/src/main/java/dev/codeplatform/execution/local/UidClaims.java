package dev.codeplatform.execution.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/**
 * Host-wide claims on sandbox uids: a file per uid in {@code /run} naming the process that uses it. Uids are a
 * host-wide resource, and stopping an environment kills every process of its uid, so two platforms (or a platform and
 * a test run) on one host must never hand out the same uid. A claim whose process has ended (a crash) is stale and may
 * be taken over. Claims are made under an exclusive file lock, so two processes never both take one.
 */
final class UidClaims {

    static final Path DEFAULT_DIRECTORY = Path.of("/run/code-platform-sandbox-uids");
    private static final String LOCK = ".lock";
    /**
     * A file lock excludes other processes only: within this JVM a second lock of the same file throws
     * OverlappingFileLockException, so this JVM's threads (of every backend in it) take turns first.
     */
    private static final Object THIS_JVM = new Object();

    private final Path directory;
    private final String self;

    UidClaims(Path directory) {
        this.directory = directory;
        // per backend, not per process: two backends in one JVM must not share a uid either
        this.self = owner(ProcessHandle.current()) + " " + UUID.randomUUID();
    }

    /** Claims the uid unless a running process other than this one holds it. */
    boolean claim(int uid) throws IOException {
        return withLock(() -> {
            Path claim = directory.resolve(Integer.toString(uid));
            Optional<String> holder = read(claim);
            if (holder.isPresent() && !holder.get().equals(self) && running(holder.get())) {
                return false;
            }
            Files.writeString(claim, self, StandardCharsets.US_ASCII);
            return true;
        });
    }

    /** Takes the uid over whoever holds it: a leftover environment being adopted keeps the uid its files have. */
    void takeOver(int uid) throws IOException {
        withLock(() -> {
            Files.writeString(directory.resolve(Integer.toString(uid)), self, StandardCharsets.US_ASCII);
            return true;
        });
    }

    void release(int uid) throws IOException {
        withLock(() -> {
            Path claim = directory.resolve(Integer.toString(uid));
            if (read(claim).filter(self::equals).isPresent()) {
                Files.delete(claim);
            }
            return true;
        });
    }

    private interface Locked {
        boolean run() throws IOException;
    }

    private boolean withLock(Locked work) throws IOException {
        synchronized (THIS_JVM) {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                return work.run();
            }
        }
    }

    private static Optional<String> read(Path claim) throws IOException {
        try {
            return Optional.of(Files.readString(claim, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** "pid start-time": the start time tells a process apart from a later one that got the same pid. */
    private static String owner(ProcessHandle process) {
        return process.pid() + " " + process.info().startInstant().map(Object::toString).orElse("?");
    }

    private static boolean running(String holder) {
        String[] parts = holder.split(" ");
        long pid;
        try {
            pid = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return false; // not a claim this class wrote
        }
        String process = parts.length > 1 ? parts[0] + " " + parts[1] : holder;
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(UidClaims::owner).filter(process::equals)
                .isPresent();
    }
}
