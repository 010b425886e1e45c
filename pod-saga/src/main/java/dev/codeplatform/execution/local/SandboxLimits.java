package dev.codeplatform.execution.local;

/**
 * Resource limits of one local sandbox; the defaults mirror the seed's pods (limit 512 MiB, 0.5 CPU, 1 GiB volume).
 *
 * @param memoryBytes      RAM for the sandbox's processes
 * @param cpuMillis        CPU time per wall second, in thousandths of a core (500 = half a core; cgroup quota)
 * @param maxProcesses     processes and threads (cgroup pids.max, and RLIMIT_NPROC of the sandbox's own host uid)
 * @param maxFileBytes     largest file a process may write (RLIMIT_FSIZE)
 * @param workspaceBytes   size of the /workspace tmpfs
 * @param tmpBytes         size of each of the /tmp and /dev/shm tmpfs mounts
 * @param maxOpenFiles     RLIMIT_NOFILE
 * @param maxInodes        files and folders in /workspace (tmpfs nr_inodes), which also bounds a scan
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
     * no swap they cannot be reclaimed: with the limit at {@link #memoryBytes} alone, filling the 1 GiB workspace would
     * be an OOM kill at 512 MiB instead of "No space left on device". So the cgroup gets the RAM budget plus the
     * RAM-backed file systems (/workspace, /tmp, /dev/shm). Consequence: while the workspace is mostly empty a program
     * can use more than {@link #memoryBytes}; the sum never exceeds this value.
     */
    public long cgroupMemoryBytes() {
        return memoryBytes + workspaceBytes + 2 * tmpBytes;
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
