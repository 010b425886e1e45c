package dev.codeplatform.execution.local;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of {@link LocalSandboxBackend}.
 *
 * @param root         a directory the backend owns: one subdirectory per environment with its metadata (how leftovers
 *                     are found after a crash); may be private, for instance under /root
 * @param limits       resource limits per environment
 * @param cgroupRoot   where cgroups are mounted ({@code /sys/fs/cgroup}); anything unusable means rlimits only
 * @param cgroupParent the cgroup (under each controller, or under the v2 root) that holds one child per environment
 * @param hostUidBase  first host uid given to sandboxes: each environment runs as its own host uid (mapped to 1000
 *                     inside), so RLIMIT_NPROC is per environment and no two sandboxes share file ownership
 * @param hostUidCount how many uids from {@code hostUidBase} on may be used
 * @param bwrap        the bubblewrap binary: a name looked up on PATH, or an absolute path
 * @param runtimeRoot  where the environments' tmpfs mounts and generated /etc files live, or null for automatic: the
 *                     root itself when sandbox uids can traverse every folder above it (bubblewrap runs as the sandbox
 *                     uid and opens its bind sources by path), else {@code /run/code-platform-sandbox/<hash of root>}
 * @param warmEnvironments how many environments are kept started ahead, each with its shell at the prompt, for the
 *                     next sessions to take at once (0: every environment starts when asked for)
 */
public record LocalSandboxSettings(Path root, SandboxLimits limits, Path cgroupRoot, String cgroupParent,
                                   int hostUidBase, int hostUidCount, String bwrap, Path runtimeRoot,
                                   int warmEnvironments) {

    public static final Path DEFAULT_CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    public static final String DEFAULT_CGROUP_PARENT = "codeplatform-sandbox";
    public static final int DEFAULT_HOST_UID_BASE = 1_100_000;
    public static final int DEFAULT_HOST_UID_COUNT = 100_000;
    public static final Path DEFAULT_RUNTIME_PARENT = Path.of("/run/code-platform-sandbox");
    public static final int DEFAULT_WARM_ENVIRONMENTS = 2;

    public LocalSandboxSettings {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(cgroupRoot, "cgroupRoot");
        Objects.requireNonNull(bwrap, "bwrap");
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("root must be an absolute path: " + root);
        }
        if (runtimeRoot != null && !runtimeRoot.isAbsolute()) {
            throw new IllegalArgumentException("runtimeRoot must be an absolute path: " + runtimeRoot);
        }
        if (cgroupParent == null || !cgroupParent.matches("[A-Za-z0-9_.-]{1,64}") || cgroupParent.startsWith(".")) {
            throw new IllegalArgumentException("cgroupParent must be a plain name: " + cgroupParent);
        }
        if (hostUidBase < 65_536 || hostUidCount <= 0 || (long) hostUidBase + hostUidCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("host uids must lie above 65535: " + hostUidBase + " + " + hostUidCount);
        }
        if (warmEnvironments < 0 || warmEnvironments > 64) {
            throw new IllegalArgumentException("warmEnvironments must be 0 to 64: " + warmEnvironments);
        }
    }

    public LocalSandboxSettings(Path root, SandboxLimits limits) {
        this(root, limits, DEFAULT_CGROUP_ROOT, DEFAULT_CGROUP_PARENT, DEFAULT_HOST_UID_BASE, DEFAULT_HOST_UID_COUNT,
                "bwrap", null, DEFAULT_WARM_ENVIRONMENTS);
    }

    public static LocalSandboxSettings defaults(Path root) {
        return new LocalSandboxSettings(root, SandboxLimits.defaults());
    }

    public LocalSandboxSettings withLimits(SandboxLimits value) {
        return new LocalSandboxSettings(root, value, cgroupRoot, cgroupParent, hostUidBase, hostUidCount, bwrap,
                runtimeRoot, warmEnvironments);
    }

    public LocalSandboxSettings withCgroupRoot(Path value) {
        return new LocalSandboxSettings(root, limits, value, cgroupParent, hostUidBase, hostUidCount, bwrap,
                runtimeRoot, warmEnvironments);
    }

    public LocalSandboxSettings withCgroupParent(String value) {
        return new LocalSandboxSettings(root, limits, cgroupRoot, value, hostUidBase, hostUidCount, bwrap,
                runtimeRoot, warmEnvironments);
    }

    public LocalSandboxSettings withHostUids(int base, int count) {
        return new LocalSandboxSettings(root, limits, cgroupRoot, cgroupParent, base, count, bwrap, runtimeRoot,
                warmEnvironments);
    }

    public LocalSandboxSettings withBwrap(String value) {
        return new LocalSandboxSettings(root, limits, cgroupRoot, cgroupParent, hostUidBase, hostUidCount, value,
                runtimeRoot, warmEnvironments);
    }

    public LocalSandboxSettings withRuntimeRoot(Path value) {
        return new LocalSandboxSettings(root, limits, cgroupRoot, cgroupParent, hostUidBase, hostUidCount, bwrap,
                value, warmEnvironments);
    }

    public LocalSandboxSettings withWarmEnvironments(int value) {
        return new LocalSandboxSettings(root, limits, cgroupRoot, cgroupParent, hostUidBase, hostUidCount, bwrap,
                runtimeRoot, value);
    }
}
