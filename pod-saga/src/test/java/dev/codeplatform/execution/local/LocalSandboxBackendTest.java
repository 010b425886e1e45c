package dev.codeplatform.execution.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeplatform.execution.EnvironmentFailure;
import dev.codeplatform.execution.EnvironmentRequest;
import dev.codeplatform.execution.ExecutionBackend;
import dev.codeplatform.execution.ExecutionBackendContract;
import dev.codeplatform.execution.TerminalProbe;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract against the real bubblewrap sandbox, plus what only this backend can show: kernel-side limits, host
 * ownership, clean-up of mounts and cgroups, reconciliation and the rlimit fallback. Needs Linux, root and bubblewrap
 * (skipped otherwise, with the reason).
 */
class LocalSandboxBackendTest extends ExecutionBackendContract {

    static final Path ROOT = Path.of("target", "sandbox-test").toAbsolutePath();
    private static final String CGROUP_PARENT = "codeplatform-sandbox-test";

    private LocalSandboxBackend local;

    static LocalSandboxSettings settings() {
        return LocalSandboxSettings.defaults(ROOT).withCgroupParent(CGROUP_PARENT);
    }

    /** Runs before anything else of the class (the contract's @BeforeAll): without these, every test is skipped. */
    @Override
    protected ExecutionBackend newBackend() {
        assumeSandboxesCanRun();
        local = new LocalSandboxBackend(settings());
        return local;
    }

    static void assumeSandboxesCanRun() {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "needs Linux");
        Assumptions.assumeTrue(HostProcesses.effectiveUid() == 0, "the local sandbox needs root");
        Assumptions.assumeTrue(HostProcesses.findExecutable("bwrap").isPresent(),
                "bubblewrap is not installed: apt-get install bubblewrap");
    }

    @AfterAll
    void nothingIsLeftBehind() {
        if (local != null) { // else skipped
            local.close(); // idempotent; the contract closes it again after this
            assertNothingIsLeftBehind();
        }
    }

    /**
     * Nothing leaks: once every environment stopped, no mount is left under the test root, and the tests' parent
     * cgroups are empty, so they can be removed too (rmdir fails on a cgroup that still has a child).
     */
    static void assertNothingIsLeftBehind() {
        assertThat(HostProcesses.mountPoints()).noneMatch(point -> point.startsWith(ROOT.toString()));
        Path cgroups = LocalSandboxSettings.DEFAULT_CGROUP_ROOT;
        for (Path parent : List.of(cgroups.resolve(CGROUP_PARENT), cgroups.resolve("memory").resolve(CGROUP_PARENT),
                cgroups.resolve("cpu").resolve(CGROUP_PARENT), cgroups.resolve("pids").resolve(CGROUP_PARENT))) {
            try {
                Files.deleteIfExists(parent);
            } catch (IOException e) {
                throw new AssertionError("a cgroup of an environment was left behind in " + parent, e);
            }
        }
    }

    @Override
    protected int processCount(String environmentId) {
        return local.processes(environmentId).size();
    }

    /** A sandbox that cannot start is a failed start with bubblewrap's own reason, and leaves nothing behind. */
    @Test
    void a_sandbox_that_cannot_start_fails_the_start_with_the_reason_bubblewrap_gave() throws IOException {
        Path fakeBwrap = ROOT.resolveSibling("fake-bwrap");
        Files.createDirectories(fakeBwrap.getParent());
        Files.writeString(fakeBwrap, "#!/bin/sh\necho 'bwrap: Creating new namespace failed: Operation not permitted' >&2\n"
                + "exit 1\n");
        Files.setPosixFilePermissions(fakeBwrap, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        String env = "t-" + UUID.randomUUID();
        try (LocalSandboxBackend broken = new LocalSandboxBackend(settings().withBwrap(fakeBwrap.toString()))) {
            broken.create(new EnvironmentRequest(env, "session", "owner"));
            assertThatThrownBy(() -> broken.awaitReady(env, READY))
                    .isInstanceOf(EnvironmentFailure.class)
                    .hasMessageContaining("cannot create the sandbox's namespaces")
                    .hasMessageContaining("Creating new namespace failed");
            awaitTrue("the failed environment removed", () -> !Files.exists(broken.environmentDirectory(env)));
        } finally {
            Files.deleteIfExists(fakeBwrap);
        }
    }

    /**
     * With the workspace on disk, the memory limit is the sandbox's RAM budget (512 MiB, plus the /tmp tmpfs's 64 MiB):
     * 700 MiB cannot be allocated even though the workspace is empty, and a 700 MiB file still fits in the workspace,
     * because its pages are page cache the kernel writes back instead of memory the sandbox holds.
     */
    @Test
    void memory_is_limited_to_the_ram_budget_and_a_big_file_on_disk_does_not_count() {
        Assumptions.assumeTrue(local.cgroupLimitsEnforced(), () -> "no cgroups here: " + local.limitsDescription());
        Assumptions.assumeTrue(local.workspacesOnDisk(), "workspaces are RAM-backed on this host");
        String env = startEnvironment();
        TerminalProbe shell = shell(env);
        TerminalProbe.Run allocation = shell.run(
                "python3 -c \"s = b'x' * (700 * 1024 ** 2); print('ALLOCATED', len(s))\"", ABUSE);
        assertThat(allocation.lines()).noneMatch(line -> line.startsWith("ALLOCATED"));
        assertThat(allocation.status()).isEqualTo(137);
        TerminalProbe.Run file = shell.run("head -c 700M /dev/zero > big.bin && sync && stat -c size=%s big.bin",
                ABUSE);
        assertThat(file.status()).isZero();
        assertThat(file.lines()).contains("size=" + (700L << 20));
        assertThat(shell.run("rm big.bin && echo freed").lines()).contains("freed");
    }

    /**
     * The first shell starts with the environment, not when the first terminal is opened, so a session's prompt is
     * there as soon as it is ready: the shell behind the first terminal began before the terminal was asked for.
     */
    @Test
    void the_first_terminal_is_a_shell_started_with_the_environment() throws Exception {
        String env = startEnvironment();
        double secondsSinceBootAtReady = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        Thread.sleep(500);
        TerminalProbe first = shell(env);
        // field 22 of /proc/<pid>/stat: the start time in clock ticks since boot (USER_HZ is 100 on Linux)
        TerminalProbe.Run started = first.run("echo start=$(cut -d' ' -f22 /proc/$$/stat)");
        double shellStartedAt = started.lines().stream().filter(line -> line.startsWith("start="))
                .mapToDouble(line -> Long.parseLong(line.substring(6)) / 100.0).findFirst().orElseThrow();
        assertThat(shellStartedAt).isLessThan(secondsSinceBootAtReady + 0.1);
        TerminalProbe second = shell(env);
        double secondStartedAt = second.run("echo start=$(cut -d' ' -f22 /proc/$$/stat)").lines().stream()
                .filter(line -> line.startsWith("start=")).mapToDouble(line -> Long.parseLong(line.substring(6)) / 100.0)
                .findFirst().orElseThrow();
        assertThat(secondStartedAt).as("a second terminal gets a new shell").isGreaterThan(secondsSinceBootAtReady + 0.4);
    }

    /**
     * A session's environment is one started ahead: ready the moment it is asked for, its shell at the prompt, moved
     * under the session's id (folders, metadata) with its own uid, mounts and limits. Another starts to replace it,
     * and stopping the taken one removes all of it.
     */
    @Test
    void a_session_takes_a_warm_environment_ready_at_once_and_another_replaces_it() throws IOException {
        int kept = LocalSandboxSettings.DEFAULT_WARM_ENVIRONMENTS;
        awaitTrue("the warm environments started", () -> local.readyWarmEnvironments() == kept);
        String session = UUID.randomUUID().toString();

        String env = createEnvironment(session);

        local.awaitReady(env, Duration.ZERO);
        assertThat(local.readyWarmEnvironments()).isEqualTo(kept - 1);
        Properties metadata = new Properties();
        try (var in = Files.newInputStream(local.environmentDirectory(env).resolve("environment.properties"))) {
            metadata.load(in);
        }
        assertThat(metadata.getProperty("environmentId")).isEqualTo(env);
        assertThat(metadata.getProperty("sessionId")).isEqualTo(session);
        Path runtime = local.runtimeDirectory(env);
        assertThat(metadata.getProperty("runtimeDirectory")).isEqualTo(runtime.toString());
        assertThat(HostProcesses.isMountPoint(runtime.resolve("workspace"))).isTrue();
        assertThat(local.cgroupExists(env)).isEqualTo(local.cgroupLimitsEnforced());
        local.writeFile(env, "answer.py", "print(6*7)\n".getBytes(StandardCharsets.UTF_8));
        TerminalProbe shell = shell(env);
        assertThat(shell.run("python3 answer.py && id -un && pwd").lines()).contains("42", "sandbox", "/workspace");
        int uid = local.hostUid(env).orElseThrow();
        assertThat(Files.getAttribute(runtime.resolve("workspace/answer.py"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(uid);
        awaitTrue("another warm environment started", () -> local.readyWarmEnvironments() == kept);
        assertThat(HostProcesses.processesOf(uid)).isNotEmpty();

        local.stop(env);

        assertThat(HostProcesses.mountPoints()).noneMatch(point -> point.startsWith(runtime.toString()));
        assertThat(runtime).doesNotExist();
        assertThat(local.environmentDirectory(env)).doesNotExist();
        assertThat(HostProcesses.processesOf(uid)).isEmpty();
    }

    /**
     * Hundreds of idle terminals must not cost hundreds of threads: one loop serves every PTY and sees every shell's
     * end. Thirty shells at their prompt, each still working, add at most the loop's own few threads.
     */
    @Test
    void terminals_share_one_thread_however_many_are_open() {
        String env = startEnvironment();
        shell(env).close(); // the loop and the pools it needs exist from here on
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<TerminalProbe> shells = IntStream.range(0, 30).mapToObj(i -> shell(env)).toList();
        int threadsWithShells = ManagementFactory.getThreadMXBean().getThreadCount();
        for (TerminalProbe probe : shells) {
            assertThat(probe.run("echo $((20+22))").lines()).contains("42");
        }
        assertThat(threadsWithShells - threadsBefore).as("threads added by 30 open terminals").isLessThan(5);
    }

    @Test
    void cgroup_limits_are_set_in_the_kernel_and_a_spinning_loop_is_throttled() {
        Assumptions.assumeTrue(local.cgroupLimitsEnforced(), () -> "no cgroups here: " + local.limitsDescription());
        String env = startEnvironment();
        Map<String, String> settings = local.cgroupSettings(env);
        SandboxLimits limits = SandboxLimits.defaults();
        if (settings.containsKey("cpu.max")) { // v2
            assertThat(settings).containsEntry("cpu.max", "50000 100000")
                    .containsEntry("memory.max", Long.toString(limits.cgroupMemoryBytes(!local.workspacesOnDisk())));
        } else { // v1
            assertThat(settings).containsEntry("cpu.cfs_quota_us", "50000")
                    .containsEntry("cpu.cfs_period_us", "100000")
                    .containsEntry("memory.limit_in_bytes", Long.toString(limits.cgroupMemoryBytes(!local.workspacesOnDisk())));
        }
        assertThat(settings).containsEntry("pids.max", "256");

        TerminalProbe shell = shell(env);
        assertThat(shell.run("(while :; do :; done) & echo spinning").lines()).contains("spinning");
        awaitTrue("the kernel throttling the spinning loop", ABUSE, () -> throttledPeriods(local.cgroupSettings(env)) > 0);
    }

    private static long throttledPeriods(Map<String, String> settings) {
        return settings.getOrDefault("cpu.stat", "").lines()
                .filter(line -> line.startsWith("nr_throttled "))
                .mapToLong(line -> Long.parseLong(line.substring("nr_throttled ".length()).trim()))
                .findFirst().orElse(0);
    }

    @Test
    void rlimits_are_applied_to_the_shell() {
        String env = startEnvironment();
        TerminalProbe shell = shell(env);
        assertThat(shell.run("ulimit -n").lines()).contains("1024");
        assertThat(shell.run("ulimit -u").lines()).contains("256");
        assertThat(shell.run("ulimit -f").lines()).contains(Long.toString(1024 * 1024)); // in KiB: 1 GiB
        List<Long> sizesKiB = shell.run("df -k /workspace /tmp | tail -n +2 | awk '{print $2}'").lines().stream()
                .filter(line -> line.matches("\\d+")).map(Long::parseLong).toList();
        assertThat(sizesKiB).hasSize(2);
        // an ext4 image keeps a little of its size for its own tables; a tmpfs is exactly its size
        assertThat(sizesKiB.get(0)).isBetween(1024L * 1024 * 95 / 100, 1024L * 1024);
        assertThat(sizesKiB.get(1)).isEqualTo(64 * 1024);
    }

    @Test
    void files_written_by_the_server_belong_to_the_sandbox_uid_on_the_host() throws IOException {
        String env = startEnvironment();
        local.writeFile(env, "owned/by/sandbox.txt", "x".getBytes(StandardCharsets.UTF_8));
        int uid = local.hostUid(env).orElseThrow();
        assertThat(uid).isGreaterThanOrEqualTo(LocalSandboxSettings.DEFAULT_HOST_UID_BASE);
        Path workspace = local.runtimeDirectory(env).resolve("workspace");
        for (String path : List.of("owned", "owned/by", "owned/by/sandbox.txt")) {
            assertThat(Files.getAttribute(workspace.resolve(path), "unix:uid", LinkOption.NOFOLLOW_LINKS))
                    .as(path).isEqualTo(uid);
        }
        // setfsuid changed the file thread only: this thread is still root
        assertThat(fsUid("/proc/thread-self/status")).isZero();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            assertThat(tasks.map(task -> fsUid(task.resolve("status").toString()))).contains(uid);
        }
    }

    private static int fsUid(String status) {
        try {
            return Files.readAllLines(Path.of(status)).stream().filter(line -> line.startsWith("Uid:"))
                    .map(line -> line.trim().split("\\s+")[4]).mapToInt(Integer::parseInt).findFirst().orElse(-1);
        } catch (IOException e) {
            return -1; // thread ended meanwhile
        }
    }

    @Test
    void the_sandbox_sees_only_what_it_needs_of_the_host() {
        String env = startEnvironment();
        TerminalProbe shell = shell(env);
        assertThat(shell.run("test -e " + ROOT).status()).isNotZero();
        assertThat(shell.run("test -e " + Path.of("").toAbsolutePath()).status()).isNotZero();
        assertThat(shell.run("ls -1A /").lines()).containsAnyOf("usr")
                .allSatisfy(line -> assertThat(line).matches("(bin|dev|etc|lib|lib32|lib64|libx32|proc|sbin"
                        + "|tmp|usr|workspace|)"));
        assertThat(shell.run("touch /usr/planted").status()).isNotZero();
        assertThat(shell.run("unshare -U true").status()).as("no nested user namespaces").isNotZero();
        assertThat(shell.run("node -e 'console.log(6*7)'").lines()).contains("42");
    }

    @Test
    void stop_unmounts_the_workspace_and_removes_the_cgroup_and_folder() {
        String env = startEnvironment();
        Path dir = local.runtimeDirectory(env);
        assertThat(HostProcesses.isMountPoint(dir.resolve("workspace"))).isTrue();
        assertThat(HostProcesses.isMountPoint(dir.resolve("tmp"))).isTrue();
        assertThat(local.cgroupExists(env)).isEqualTo(local.cgroupLimitsEnforced());

        local.stop(env);

        assertThat(HostProcesses.mountPoints()).noneMatch(point -> point.startsWith(dir.toString()));
        assertThat(local.cgroupExists(env)).isFalse();
        assertThat(dir).doesNotExist();
        assertThat(local.environmentDirectory(env)).doesNotExist();
    }

    @Test
    void a_new_backend_on_the_same_root_lists_and_removes_a_leftover_environment() {
        String env = startEnvironment();
        TerminalProbe shell = shell(env);
        assertThat(shell.run("echo kept > file.txt").status()).isZero();
        Path dir = local.runtimeDirectory(env);

        awaitTrue("the warm environments started", () -> local.readyWarmEnvironments() > 0);
        assertThat(local.listRunning()).as("its own warm environments").noneMatch(id -> id.startsWith("warm-"));

        try (LocalSandboxBackend restarted = new LocalSandboxBackend(settings())) {
            assertThat(restarted.listRunning()).contains(env)
                    .as("warm environments another process left").anyMatch(id -> id.startsWith("warm-"));
            restarted.stop(env);
            assertThat(restarted.listRunning()).doesNotContain(env);
        }
        assertThat(HostProcesses.mountPoints()).noneMatch(point -> point.startsWith(dir.toString()));
        assertThat(local.cgroupExists(env)).isFalse();
        assertThat(local.processes(env)).isEmpty();
        assertThat(dir).doesNotExist();
        assertThat(local.environmentDirectory(env)).doesNotExist();
    }

    @Test
    void a_private_root_keeps_the_mounts_where_sandbox_uids_can_reach_them() throws IOException {
        // like ./platform start as root: the data folder is under /root, which only root may traverse
        Path privateFolder = ROOT.resolveSibling("private-" + UUID.randomUUID());
        Files.createDirectories(privateFolder);
        Files.setPosixFilePermissions(privateFolder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        LocalSandboxSettings settings = LocalSandboxSettings.defaults(privateFolder.resolve("sandboxes"))
                .withCgroupParent(CGROUP_PARENT);
        Path runtime;
        String env = "t-" + UUID.randomUUID();
        try (LocalSandboxBackend isolated = new LocalSandboxBackend(settings)) {
            runtime = isolated.runtimeDirectory(env).getParent();
            assertThat(runtime).startsWith(LocalSandboxSettings.DEFAULT_RUNTIME_PARENT);
            isolated.create(new EnvironmentRequest(env, "session", "owner"));
            isolated.awaitReady(env, READY);
            isolated.writeFile(env, "from/host.txt", "hi".getBytes(StandardCharsets.UTF_8));
            TerminalProbe shell = new TerminalProbe(isolated.openTerminal(env, 80, 24));
            assertThat(shell.run("cat from/host.txt && echo && echo made > by-shell.txt").lines()).contains("hi");
            assertThat(isolated.scan(env)).containsKeys("from/host.txt", "by-shell.txt");
            shell.close();
            try (LocalSandboxBackend restarted = new LocalSandboxBackend(settings)) {
                assertThat(restarted.listRunning()).contains(env);
            }
            isolated.stop(env);
            assertThat(isolated.listRunning()).doesNotContain(env);
            assertThat(isolated.runtimeDirectory(env)).doesNotExist();
            assertThat(isolated.environmentDirectory(env)).doesNotExist();
        } finally {
            Files.deleteIfExists(privateFolder.resolve("sandboxes"));
            Files.deleteIfExists(privateFolder);
        }
        Files.deleteIfExists(runtime);
        try {
            Files.deleteIfExists(LocalSandboxSettings.DEFAULT_RUNTIME_PARENT);
        } catch (IOException e) {
            // another backend on this machine uses it
        }
    }

    @Test
    void without_writable_cgroups_the_backend_falls_back_to_rlimits() {
        Path noCgroups = ROOT.resolveSibling("no-cgroups");
        try (LocalSandboxBackend fallback = new LocalSandboxBackend(settings().withCgroupRoot(noCgroups))) {
            assertThat(fallback.cgroupLimitsEnforced()).isFalse();
            assertThat(fallback.limitsDescription()).startsWith("none");
            String env = "t-" + UUID.randomUUID();
            fallback.create(new EnvironmentRequest(env, "session", "owner"));
            fallback.awaitReady(env, READY);
            TerminalProbe shell = new TerminalProbe(fallback.openTerminal(env, 80, 24));
            assertThat(shell.run("ulimit -d").lines()).contains(Long.toString(512 * 1024)); // KiB
            TerminalProbe.Run bomb = shell.run("python3 -c \"s = b'x' * (2 * 1024 ** 3); print('ALLOCATED')\"",
                    ABUSE);
            assertThat(bomb.output()).contains("MemoryError");
            assertThat(bomb.lines()).noneMatch(line -> line.startsWith("ALLOCATED"));
            shell.close();
            fallback.stop(env);
            assertThat(fallback.environmentDirectory(env)).doesNotExist();
        }
    }

    @Test
    void a_missing_bubblewrap_is_reported_in_words() {
        try (LocalSandboxBackend broken = new LocalSandboxBackend(settings().withBwrap("/nonexistent/bwrap"))) {
            String env = "t-" + UUID.randomUUID();
            broken.create(new EnvironmentRequest(env, "session", "owner"));
            assertThatThrownBy(() -> broken.awaitReady(env, READY))
                    .isInstanceOf(EnvironmentFailure.class)
                    .hasMessage("bubblewrap is not installed: apt-get install bubblewrap");
            assertThat(broken.listRunning()).doesNotContain(env);
        }
    }

    @Test
    void invalid_environment_ids_are_refused() {
        for (String id : List.of("../x", "a/b", "", ".hidden", "x".repeat(65))) {
            assertThatThrownBy(() -> local.create(new EnvironmentRequest(id, "s", "o")))
                    .as(id).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Set.copyOf(local.listRunning())).noneMatch(id -> id.contains("/"));
    }
}
