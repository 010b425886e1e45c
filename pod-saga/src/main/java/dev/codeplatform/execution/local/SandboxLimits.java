package dev.codeplatform.execution.local;

/**
 * Resource limits of one local sandbox; the defaults mirror the seed's pods (limit 512 MiB, 0.5 CPU, 1 GiB volume).
 *
 * @param memoryBytes      RAM for the sandbox's processes
 * @param cpuMillis        CPU time per wall second, in thousandths of a core (500 = half a core; cgroup quota)
 * @param maxProcesses     processes and threads (cgroup pids.max, and RLIMIT_NPROC of the sandbox's own host uid)
 * @param maxFileBytes     largest file a process may write (RLIMIT_FSIZE)
 * @param workspaceBytes   size of /workspace (its ext4 image, or its tmpfs)
 * @param tmpBytes         size of each of the /tmp and /dev/shm tmpfs mounts
 * @param maxOpenFiles     RLIMIT_NOFILE
 * @param maxInodes        files and folders in /workspace (inodes of its file system), which also bounds a scan
 */
public record SandboxLimits(long memoryBytes, int cpuMillis, int maxProcesses, long maxFileBytes,
                            long workspaceBytes, long tmpBytes, int maxOpenFiles, long maxInodes) {

    private static final long MIB = 1024L * 1024;

    public SandboxLimits {
        positive(memoryBytes, "memoryBytes");
        positive(cpuMillis, "cpuMillis");
        positive(maxProcesses, "maxProcesses");
        positive(maxFileBytes, "maxFileBytes");
        positive(workspaceBytes, "workspaceBytes");
        positive(tmpBytes, "tmpBytes");
        positive(maxOpenFiles, "maxOpenFiles");
        positive(maxInodes, "maxInodes");
    }

    public static SandboxLimits defaults() {
        return new SandboxLimits(512 * MIB, 500, 256, 1024 * MIB, 1024 * MIB, 64 * MIB, 1024, 100_000);
    }

    /**
     * The memory cgroup's limit. tmpfs pages are charged to the memory cgroup of the process that writes them, and with
     * no swap they cannot be reclaimed, so the RAM-backed file systems get room on top of {@link #memoryBytes}: /tmp
     * always (in a pod it would be on disk), and the workspace when it is a tmpfs too (without disk-backed workspace
     * images: filling it would otherwise be an OOM kill at 512 MiB instead of "No space left on device"). /dev/shm
     * counts against {@link #memoryBytes}, as in a pod. While those file systems are empty a program can use their room
     * as well; the sum never exceeds this value.
     */
    public long cgroupMemoryBytes(boolean workspaceInRam) {
        return memoryBytes + tmpBytes + (workspaceInRam ? workspaceBytes : 0);
    }

    /** cgroup CPU period in microseconds (fixed at 100 ms, the kernel default). */
    public long cpuPeriodMicros() {
        return 100_000;
    }

    /** cgroup CPU quota per period in microseconds. */
    public long cpuQuotaMicros() {
        return cpuPeriodMicros() * cpuMillis / 1000;
    }

    public SandboxLimits withMemoryBytes(long value) {
        return new SandboxLimits(value, cpuMillis, maxProcesses, maxFileBytes, workspaceBytes, tmpBytes, maxOpenFiles,
                maxInodes);
    }

    public SandboxLimits withWorkspaceBytes(long value) {
        return new SandboxLimits(memoryBytes, cpuMillis, maxProcesses, maxFileBytes, value, tmpBytes, maxOpenFiles,
                maxInodes);
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
