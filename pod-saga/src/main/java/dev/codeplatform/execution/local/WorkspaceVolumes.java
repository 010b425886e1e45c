package dev.codeplatform.execution.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disk-backed workspaces: each environment's {@code /workspace} is its own ext4 file system in a sparse image file,
 * loop-mounted. Its size is the workspace limit (the kernel answers "No space left on device"), and unlike a tmpfs its
 * pages are page cache that the kernel writes back and reclaims: a full workspace does not use the sandbox's memory,
 * so the memory limit can be what it says (a pod's volume is on disk too).
 *
 * <p>Formatting takes tens of milliseconds, so a few blank images are formatted ahead, off the start path. A blank image
 * is a fresh sparse file whose inode tables were never written, so they read as zeros: mounting with
 * {@code noinit_itable} skips zeroing them again. No journal: the workspace is a copy of the event store's truth.
 */
final class WorkspaceVolumes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceVolumes.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final int BLANKS_KEPT = 2;
    private static final String BLANK_SUFFIX = ".img";
    private static final String UNFINISHED_SUFFIX = ".unfinished";

    private final Path blanks;
    private final long bytes;
    private final long inodes;
    private final String mkfs;
    private final String mount;
    private final ExecutorService formatter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-volume-format");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean refilling = new AtomicBoolean();

    private WorkspaceVolumes(Path blanks, long bytes, long inodes, String mkfs, String mount) {
        this.blanks = blanks;
        this.bytes = bytes;
        this.inodes = inodes;
        this.mkfs = mkfs;
        this.mount = mount;
    }

    /**
     * Disk-backed workspaces if this host can loop-mount an ext4 image (tried once, for real), else empty with the
     * reason logged: the caller falls back to a tmpfs.
     */
    static Optional<WorkspaceVolumes> tryCreate(Path blanks, long bytes, long inodes) {
        Optional<String> mkfs = HostProcesses.findExecutable("mkfs.ext4").map(Path::toString);
        Optional<String> mount = HostProcesses.findExecutable("mount").map(Path::toString);
        if (mkfs.isEmpty() || mount.isEmpty()) {
            log.warn("mkfs.ext4 or mount is missing (apt-get install e2fsprogs mount): workspaces are RAM-backed "
                    + "(tmpfs), and their size counts against the sandbox's memory limit");
            return Optional.empty();
        }
        WorkspaceVolumes volumes = new WorkspaceVolumes(blanks, bytes, inodes, mkfs.get(), mount.get());
        Path probe = blanks.resolve("probe-" + UUID.randomUUID());
        try {
            Files.createDirectories(blanks);
            Files.setPosixFilePermissions(blanks, PosixFilePermissions.fromString("rwx------"));
            volumes.removeUnfinished();
            Path image = probe.resolve("volume" + BLANK_SUFFIX);
            Path mountPoint = probe.resolve("mount");
            Files.createDirectories(mountPoint);
            volumes.format(image);
            volumes.mountImage(image, mountPoint, 0);
            if (LibC.INSTANCE.umount2(mountPoint.toString(), 0) != 0) {
                LibC.INSTANCE.umount2(mountPoint.toString(), LibC.MNT_DETACH);
            }
            volumes.refill();
            return Optional.of(volumes);
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot loop-mount workspace images here ({}): workspaces are RAM-backed (tmpfs), and their size "
                    + "counts against the sandbox's memory limit", e.getMessage());
            volumes.close();
            return Optional.empty();
        } finally {
            deleteQuietly(probe.resolve("volume" + BLANK_SUFFIX));
            deleteQuietly(probe.resolve("mount"));
            deleteQuietly(probe);
        }
    }

    /**
     * Gives {@code image} a blank file system (one formatted ahead when there is one) and mounts it at
     * {@code mountPoint}, owned by {@code uid}, mode 0700, empty.
     */
    void mountNew(Path image, Path mountPoint, int uid) throws IOException {
        if (!takeBlank(image)) {
            format(image);
        }
        refill();
        mountImage(image, mountPoint, uid);
    }

    private boolean takeBlank(Path image) {
        try (DirectoryStream<Path> ready = Files.newDirectoryStream(blanks, "blank-*" + BLANK_SUFFIX)) {
            for (Path blank : ready) {
                try {
                    Files.move(blank, image, StandardCopyOption.ATOMIC_MOVE);
                    return true;
                } catch (IOException e) {
                    // taken by a concurrent start: try the next
                }
            }
        } catch (IOException e) {
            log.debug("No blank workspace image to take: {}", e.getMessage());
        }
        return false;
    }

    private void refill() {
        if (!refilling.compareAndSet(false, true)) {
            return;
        }
        try {
            formatter.execute(() -> {
                try {
                    for (int missing = BLANKS_KEPT - countBlanks(); missing > 0; missing--) {
                        Path unfinished = blanks.resolve("blank-" + UUID.randomUUID() + UNFINISHED_SUFFIX);
                        format(unfinished);
                        Files.move(unfinished, blanks.resolve(unfinished.getFileName().toString()
                                .replace(UNFINISHED_SUFFIX, BLANK_SUFFIX)), StandardCopyOption.ATOMIC_MOVE);
                    }
                } catch (IOException | RuntimeException e) {
                    log.warn("Could not format a blank workspace image ahead: {}", e.getMessage());
                } finally {
                    refilling.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            refilling.set(false); // closing
        }
    }

    private int countBlanks() throws IOException {
        int count = 0;
        try (DirectoryStream<Path> ready = Files.newDirectoryStream(blanks, "blank-*" + BLANK_SUFFIX)) {
            for (Path ignored : ready) {
                count++;
            }
        }
        return count;
    }

    private void removeUnfinished() throws IOException {
        try (DirectoryStream<Path> unfinished = Files.newDirectoryStream(blanks, "*" + UNFINISHED_SUFFIX)) {
            for (Path file : unfinished) {
                Files.deleteIfExists(file);
            }
        }
    }

    private void format(Path image) throws IOException {
        Files.createDirectories(image.getParent());
        Files.deleteIfExists(image);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(bytes); // sparse: only what the file system writes takes disk space
        }
        // Formatting ahead is background work: at the lowest priority, it yields to sessions starting meanwhile.
        HostProcesses.Result result = HostProcesses.run(COMMAND_TIMEOUT, List.of("nice", "-n", "19", mkfs, "-q",
                "-F", "-m", "0",
                "-N", Long.toString(inodes), "-O", "^has_journal",
                "-E", "lazy_itable_init=1,lazy_journal_init=1,nodiscard", image.toString()));
        if (!result.ok()) {
            Files.deleteIfExists(image);
            throw new IOException("mkfs.ext4 failed: " + result.lastLine());
        }
    }

    private void mountImage(Path image, Path mountPoint, int uid) throws IOException {
        HostProcesses.Result result = HostProcesses.run(COMMAND_TIMEOUT, List.of(mount, "-t", "ext4", "-o",
                "loop,nosuid,nodev,noatime,noinit_itable", image.toString(), mountPoint.toString()));
        if (!result.ok()) {
            throw new IOException("mounting the workspace image failed: " + result.lastLine());
        }
        Files.deleteIfExists(mountPoint.resolve("lost+found")); // the workspace starts empty; fsck would recreate it
        Files.setPosixFilePermissions(mountPoint, PosixFilePermissions.fromString("rwx------"));
        Files.setAttribute(mountPoint, "unix:uid", uid);
        Files.setAttribute(mountPoint, "unix:gid", uid);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("Could not delete {}: {}", path, e.getMessage());
        }
    }

    /** Stops formatting ahead and removes the blank images: the backend leaves nothing behind but environments. */
    @Override
    public void close() {
        formatter.shutdownNow();
        try {
            if (!formatter.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Formatting a blank workspace image did not stop; leaving {} in place", blanks);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(blanks)) {
            files.forEach(WorkspaceVolumes::deleteQuietly);
        } catch (IOException e) {
            log.debug("Could not list {}: {}", blanks, e.getMessage());
        }
        deleteQuietly(blanks);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ext4 images of %d MiB (%d inodes), loop-mounted", bytes >> 20, inodes);
    }
}
