package dev.codeplatform.execution.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Host-side helpers: commands, processes, mounts. Linux only. */
final class HostProcesses {

    /** PATH for the helper commands the backend runs (mount, umount, setpriv, prlimit, bwrap). */
    static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final int MAX_OUTPUT = 64 * 1024;

    private HostProcesses() {
    }

    record Result(int exitCode, String output) {

        boolean ok() {
            return exitCode == 0;
        }

        /** The last non-blank line of the output: usually the error message. */
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines.length == 0 ? "" : lines[lines.length - 1].strip();
        }
    }

    /** Runs a command with a minimal environment, stdout and stderr together; exit code 124 after the timeout. */
    static Result run(Duration timeout, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", SYSTEM_PATH);
        env.put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copyBounded(process.getInputStream(), output), "sandbox-cmd-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                reader.join(1000);
                return new Result(124, "timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command)
                        + "\n" + text(output));
            }
            reader.join(5000);
            return new Result(process.exitValue(), text(output));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new Result(130, "interrupted");
        }
    }

    private static String text(ByteArrayOutputStream output) {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    private static void copyBounded(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    if (out.size() < MAX_OUTPUT) {
                        out.write(buffer, 0, Math.min(n, MAX_OUTPUT - out.size()));
                    }
                }
            }
        } catch (IOException e) {
            // process gone
        }
    }

    /** An executable by absolute path, or looked up on the JVM's PATH and then the usual system folders. */
    static Optional<Path> findExecutable(String nameOrPath) {
        if (nameOrPath.contains("/")) {
            Path path = Path.of(nameOrPath);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        Set<String> dirs = new LinkedHashSet<>();
        String jvmPath = System.getenv("PATH");
        if (jvmPath != null) {
            dirs.addAll(List.of(jvmPath.split(":")));
        }
        dirs.addAll(List.of(SYSTEM_PATH.split(":")));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, nameOrPath);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static void kill(int pid) {
        if (pid > 1) {
            LibC.INSTANCE.kill(pid, LibC.SIGKILL);
        }
    }

    /** SIGKILL to a whole process group. */
    static void killGroup(int pgid) {
        if (pgid > 1) {
            LibC.INSTANCE.kill(-pgid, LibC.SIGKILL);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int effectiveUid() {
        return statusIds(Path.of("/proc/self/status"), "Uid:").map(ids -> ids[1]).orElse(-1);
    }

    /**
     * Live processes whose real, effective or saved uid is {@code uid} (the file-system uid is ignored). Zombies are
     * left out: they cannot be killed and hold nothing but their pid until their parent (often PID 1, for the bwrap
     * that was a sandbox's init) reaps them.
     */
    static Set<Integer> processesOf(int uid) {
        Set<Integer> pids = new HashSet<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                Optional<int[]> ids = statusIds(dir.resolve("status"), "Uid:");
                if (ids.isPresent() && (ids.get()[0] == uid || ids.get()[1] == uid || ids.get()[2] == uid)
                        && !isZombie(dir.resolve("status"))) {
                    pids.add(Integer.parseInt(dir.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            // /proc unreadable: nothing found
        }
        return pids;
    }

    /** Every uid (real, effective or saved) some process runs as right now. */
    static Set<Integer> uidsInUse() {
        Set<Integer> uids = new HashSet<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                statusIds(dir.resolve("status"), "Uid:").ifPresent(ids -> {
                    for (int i = 0; i < Math.min(3, ids.length); i++) {
                        uids.add(ids[i]);
                    }
                });
            }
        } catch (IOException e) {
            // /proc unreadable
        }
        return uids;
    }

    /** Kills every process of a sandbox's host uid (it owns nothing else), until none is left or the deadline. */
    /** SIGKILL to every process of a uid until none is left; false if some were still there at the deadline. */
    static boolean killAllOf(int uid, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            Set<Integer> pids = processesOf(uid);
            if (pids.isEmpty()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            pids.forEach(HostProcesses::kill);
            sleep(10);
        }
    }

    private static boolean isZombie(Path status) {
        try {
            return Files.readAllLines(status, StandardCharsets.US_ASCII).stream()
                    .anyMatch(line -> line.startsWith("State:") && (line.contains("Z (") || line.contains("X (")));
        } catch (IOException e) {
            return true; // gone
        }
    }

    private static Optional<int[]> statusIds(Path status, String prefix) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith(prefix)) {
                    String[] fields = line.substring(prefix.length()).trim().split("\\s+");
                    int[] ids = new int[fields.length];
                    for (int i = 0; i < fields.length; i++) {
                        ids[i] = Integer.parseInt(fields[i]);
                    }
                    return Optional.of(ids);
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone meanwhile
        }
        return Optional.empty();
    }

    /** Whether something is mounted exactly at {@code path} (in this process's mount namespace). */
    static boolean isMountPoint(Path path) {
        return mountPoints().contains(path.toAbsolutePath().normalize().toString());
    }

    static List<String> mountPoints() {
        List<String> points = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length > 4) {
                    points.add(unescape(fields[4]));
                }
            }
        } catch (IOException e) {
            // no /proc: nothing mounted as far as we can tell
        }
        return points;
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()
                    && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
