package dev.codeplatform.execution.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** Small helpers shared by the cgroup v1 and v2 implementations. */
final class CgroupFiles {

    private CgroupFiles() {
    }

    static void write(Path file, String value) throws IOException {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("cannot write '" + value + "' to " + file + ": " + e.getMessage(), e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    static Set<Integer> pids(Collection<Path> procsFiles) {
        Set<Integer> pids = new LinkedHashSet<>();
        for (Path procs : procsFiles) {
            try {
                for (String line : Files.readAllLines(procs, StandardCharsets.US_ASCII)) {
                    if (!line.isBlank()) {
                        pids.add(Integer.parseInt(line.trim()));
                    }
                }
            } catch (NoSuchFileException e) {
                // group already gone
            } catch (IOException | NumberFormatException e) {
                // best effort: the next round reads again
            }
        }
        return pids;
    }

    /** SIGKILLs the pids found in the procs files until none is left (a fork bomb keeps forking while we kill). */
    static void killAll(Collection<Path> procsFiles, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            Set<Integer> pids = pids(procsFiles);
            if (pids.isEmpty()) {
                return;
            }
            for (int pid : pids) {
                HostProcesses.kill(pid);
            }
            if (System.nanoTime() > deadline) {
                return;
            }
            HostProcesses.sleep(10);
        }
    }

    /** rmdir, retried for a moment: a killed process leaves its cgroup only once the kernel has reaped it. */
    static void removeDirectory(Path dir) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                if (attempt >= 100) {
                    throw new IOException("cannot remove cgroup " + dir + ": " + e.getMessage(), e);
                }
                HostProcesses.sleep(20);
            }
        }
    }
}
