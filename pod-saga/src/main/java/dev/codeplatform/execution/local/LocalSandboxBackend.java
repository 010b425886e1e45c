package dev.codeplatform.execution.local;

import dev.codeplatform.execution.EnvironmentFailure;
import dev.codeplatform.execution.EnvironmentHandle;
import dev.codeplatform.execution.EnvironmentRequest;
import dev.codeplatform.execution.ExecutionBackend;
import dev.codeplatform.execution.Terminal;
import dev.codeplatform.execution.WorkspaceEntry;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Execution environments on this machine: a bubblewrap sandbox per environment.
 *
 * <p>Per environment: {@code <root>/<id>/environment.properties} (its host uid and runtime folder: how a new process
 * finds leftovers), and in its runtime folder (the same, unless the root is private: see
 * {@link LocalSandboxSettings#runtimeRoot()}) a size-limited tmpfs bound at {@code /workspace}, one at {@code /tmp}, and
 * synthetic {@code /etc/passwd}-like files. Each environment runs as its own host uid (mapped to uid 1000 "sandbox" inside), in its own
 * cgroup (memory, CPU quota, pids) when cgroups are writable, with rlimits (file size, open files, processes) always.
 * The sandbox unshares every namespace (no network: only its own loopback), sees read-only {@code /usr} and a few
 * needed files of {@code /etc}, never {@code /root}, the data folder or other environments.
 *
 * <p>Every terminal is its own bubblewrap instance (own PID and network namespace) sharing the environment's
 * {@code /workspace}, {@code /tmp}, uid, cgroup and limits. Needs root (it mounts and switches uids) and Linux.
 * {@link #close()} stops the environments this instance knows; after a crash their processes are gone (bwrap's
 * --die-with-parent), their mounts and cgroups are not: {@link #listRunning()} lists them and {@link #stop} removes
 * them.
 */
public final class LocalSandboxBackend implements ExecutionBackend {

    private static final Logger log = LoggerFactory.getLogger(LocalSandboxBackend.class);

    static final int SANDBOX_UID = 1000;
    static final String SANDBOX_USER = "sandbox";
    static final String HOSTNAME = "sandbox";
    private static final Pattern ENVIRONMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final String METADATA = "environment.properties";
    private static final String WORKSPACE_IMAGE = "workspace.img";
    /**
     * Every shell starts by setting the terminal's title (OSC 0, ESC ] 0 ; title BEL): harmless to show, and what tells
     * a start that its sandbox runs, as bubblewrap never prints it.
     */
    private static final String SHELL_STARTED = "\033]0;" + HOSTNAME + "\007";
    /** Where blank workspace images wait, under the root (not an environment: ids start with a letter or digit). */
    private static final String BLANK_VOLUMES = ".blank-volumes";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FILE_TIMEOUT = Duration.ofSeconds(60);
    private static final long KILL_TIMEOUT_MILLIS = 10_000;
    private static final Duration WARM_REFILL_DELAY = Duration.ofSeconds(2);
    private static final String SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin";

    /** What of the host's /etc a sandbox sees (read-only, when present): no secrets, nothing host-specific. */
    private static final List<String> ETC_FILES = List.of(
            "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "ssl/certs", "ssl/openssl.cnf",
            "ca-certificates", "localtime", "timezone", "nsswitch.conf", "protocols", "services", "mime.types",
            "bash.bashrc", "profile", "inputrc", "terminfo", "fonts", "os-release", "debian_version");

    private final LocalSandboxSettings settings;
    private final Path root;
    /** Where the environments' mounts live: traversable by sandbox uids (bwrap opens its bind sources as them). */
    private final Path runtime;
    private final Cgroups cgroups;
    /** Why environments cannot start here (missing tool, not root, ...), or null. */
    private final String problem;
    private final Tools tools;
    private final List<String> extraBinds;
    private final Map<String, Environment> environments = new ConcurrentHashMap<>();
    /** Warm environments no session took yet, starting or ready (their ids are their own names, "warm-..."). */
    private final Set<Environment> unclaimed = ConcurrentHashMap.newKeySet();
    /** The ready ones among them, oldest first: what {@link #create} hands out. */
    private final Deque<Environment> warm = new ConcurrentLinkedDeque<>();
    private final ExecutorService provisioning;
    private final TerminalLoop terminals = new TerminalLoop();
    /** Disk-backed workspaces, or null where this host cannot loop-mount images (then: tmpfs). */
    private final WorkspaceVolumes volumes;
    private final Object uidLock = new Object();
    /** Uids of processes running when the first environment started (guarded by uidLock; read once). */
    private Set<Integer> foreignUids;
    private final UidClaims uidClaims = new UidClaims(UidClaims.DEFAULT_DIRECTORY);
    /** Uids whose processes outlived their environment's stop: never handed out again by this backend. */
    private final Set<Integer> quarantinedUids = ConcurrentHashMap.newKeySet();
    private WorkspaceWatcher watcher;
    private volatile boolean closed;

    public LocalSandboxBackend(LocalSandboxSettings settings) {
        this.settings = settings;
        this.tools = Tools.find(settings.bwrap());
        String problem = checkHost(tools);
        Path root = settings.root();
        Path runtime = settings.runtimeRoot() != null ? settings.runtimeRoot() : root;
        if (problem == null) { // never fail here: the application starts, environments fail with the reason
            try {
                root = prepareDirectory(root);
                runtime = chooseRuntime(settings, root);
                if (!traversable(runtime)) {
                    problem = "sandbox uids cannot reach " + runtime + " (every folder above it needs o+x): choose "
                            + "another runtime root";
                }
            } catch (UncheckedIOException e) {
                problem = e.getMessage();
            }
        }
        this.root = root;
        this.runtime = runtime;
        this.problem = problem;
        if (problem != null) {
            log.warn("The local sandbox cannot start environments: {}", problem);
        }
        this.cgroups = Cgroups.detect(settings.cgroupRoot(), settings.cgroupParent());
        if (cgroups.enforced().isEmpty()) {
            log.warn("No writable cgroups ({}): falling back to rlimits only. Memory is limited per process "
                    + "(RLIMIT_DATA), CPU time is NOT limited, processes are limited by RLIMIT_NPROC of each "
                    + "sandbox's own uid. Run as root with cgroup v1 or v2 mounted at {} for kernel-enforced limits.",
                    cgroups.description(), settings.cgroupRoot());
        } else if (cgroups.enforced().size() < Cgroups.Controller.values().length) {
            log.warn("Only some cgroup limits are enforced: {}", cgroups.description());
        } else {
            log.info("Local sandbox at {} (mounts in {}) with {}", root, runtime, cgroups.description());
        }
        if (!"UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", ""))) {
            log.warn("The JVM does not use UTF-8 for file names (sun.jnu.encoding={}): set LANG=C.UTF-8, or files "
                    + "with non-ASCII names cannot be synced", System.getProperty("sun.jnu.encoding"));
        }
        this.volumes = problem == null
                ? WorkspaceVolumes.tryCreate(root.resolve(BLANK_VOLUMES), settings.limits().workspaceBytes(),
                        settings.limits().maxInodes()).orElse(null)
                : null;
        if (volumes != null) {
            log.info("Workspaces are {}", volumes);
        }
        this.extraBinds = extraBinds();
        this.provisioning = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "sandbox-provision");
            thread.setDaemon(true);
            return thread;
        });
        refillWarmEnvironments();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // ExecutionBackend

    @Override
    public String name() {
        return "local-sandbox";
    }

    @Override
    public EnvironmentHandle create(EnvironmentRequest request) {
        String id = checkId(request.environmentId());
        synchronized (environments) {
            if (closed) {
                throw new IllegalStateException("the local sandbox backend is closed");
            }
            Environment existing = environments.get(id);
            if (existing != null && !existing.stopping && !existing.ready.isCompletedExceptionally()) {
                return new EnvironmentHandle(id);
            }
            // new, or a retry after a failed start (already cleaned up), or a re-create while the old one stops
            boolean replacing = existing != null && existing.stopping;
            if (replacing || !claimWarmEnvironment(request)) {
                Environment environment = new Environment(id, request, root.resolve(id), runtime.resolve(id));
                environments.put(id, environment);
                CompletableFuture<Void> previous = replacing ? existing.stopped : CompletableFuture.completedFuture(null);
                provisioning.execute(() -> {
                    previous.orTimeout(2, TimeUnit.MINUTES).exceptionally(e -> null).join();
                    provision(environment);
                });
            }
        }
        // not at once: the session just served is busy then (its client asks for a ticket, opens its terminal, its
        // files are copied in), and on a small machine starting a sandbox beside it would slow all of that down
        CompletableFuture.runAsync(this::refillWarmEnvironments,
                CompletableFuture.delayedExecutor(WARM_REFILL_DELAY.toMillis(), TimeUnit.MILLISECONDS, provisioning));
        return new EnvironmentHandle(id);
    }

    @Override
    public void awaitReady(String environmentId, Duration timeout) {
        Environment environment = environments.get(environmentId);
        if (environment == null) {
            throw new EnvironmentFailure("environment " + environmentId + " was never created on this backend");
        }
        try {
            environment.ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new EnvironmentFailure("environment " + environmentId + " was not ready after "
                    + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentFailure("interrupted while waiting for environment " + environmentId);
        }
    }

    @Override
    public Terminal openTerminal(String environmentId, int cols, int rows) {
        if (cols <= 0 || rows <= 0) {
            throw new IllegalArgumentException("terminal size must be positive: " + cols + "x" + rows);
        }
        Environment environment = ready(environmentId);
        LocalTerminal spare = environment.spareShell.getAndSet(null);
        if (spare != null && !spare.exitCode().isDone()) {
            spare.resize(cols, rows);
            return spare;
        }
        return spawnShell(environment, cols, rows);
    }

    /** A login shell in the environment, on a new PTY; it belongs to the environment and stops with it. */
    private LocalTerminal spawnShell(Environment environment, int cols, int rows) {
        List<String> command = sandboxCommand(environment, List.of("/bin/sh", "-c",
                "printf '\\033]0;%s\\007' " + HOSTNAME + "; exec /bin/bash --login -i"));
        Map<String, String> env = Map.of("PATH", HostProcesses.SYSTEM_PATH, "TERM", "xterm-256color",
                "LANG", "C.UTF-8");
        LocalTerminal terminal = LocalTerminal.spawn(terminals, environment.id, command, env, environment.runDir,
                cols, rows);
        environment.terminals.add(terminal);
        terminal.exitCode().whenComplete((code, error) -> environment.terminals.remove(terminal));
        if (environment.stopping) { // stop() ran meanwhile and may have missed this one
            terminal.close();
            throw new EnvironmentFailure("environment " + environment.id + " is stopping");
        }
        return terminal;
    }

    @Override
    public void writeFile(String environmentId, String path, byte[] content) {
        WorkspaceFiles.segments(path);
        Environment environment = ready(environmentId);
        environment.files.call(() -> {
            environment.workspaceFiles.writeFile(path, content);
            return null;
        }, FILE_TIMEOUT);
    }

    @Override
    public void createFolder(String environmentId, String path) {
        WorkspaceFiles.segments(path);
        Environment environment = ready(environmentId);
        environment.files.call(() -> {
            environment.workspaceFiles.createFolder(path);
            return null;
        }, FILE_TIMEOUT);
    }

    @Override
    public void delete(String environmentId, String path) {
        WorkspaceFiles.segments(path);
        Environment environment = ready(environmentId);
        environment.files.call(() -> {
            environment.workspaceFiles.delete(path);
            return null;
        }, FILE_TIMEOUT);
    }

    @Override
    public void move(String environmentId, String from, String to) {
        WorkspaceFiles.segments(from);
        WorkspaceFiles.segments(to);
        Environment environment = ready(environmentId);
        environment.files.call(() -> {
            environment.workspaceFiles.move(from, to);
            return null;
        }, FILE_TIMEOUT);
    }

    @Override
    public Map<String, WorkspaceEntry> scan(String environmentId) {
        Environment environment = ready(environmentId);
        long maxEntries = settings.limits().maxInodes() + 1;
        return Collections.unmodifiableMap(
                environment.files.call(() -> environment.workspaceFiles.scan(maxEntries), FILE_TIMEOUT));
    }

    @Override
    public Map<String, WorkspaceEntry> scan(String environmentId, Collection<String> paths) {
        Environment environment = ready(environmentId);
        long maxEntries = settings.limits().maxInodes() + 1;
        return Collections.unmodifiableMap(
                environment.files.call(() -> environment.workspaceFiles.scan(paths, maxEntries), FILE_TIMEOUT));
    }

    @Override
    public byte[] readFile(String environmentId, String path, long maxBytes) {
        WorkspaceFiles.segments(path);
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        Environment environment = ready(environmentId);
        return environment.files.call(() -> environment.workspaceFiles.readFile(path, maxBytes), FILE_TIMEOUT);
    }

    @Override
    public AutoCloseable watch(String environmentId, Consumer<Set<String>> changedPaths) {
        Environment environment = ready(environmentId);
        try {
            return watcher().watch(environmentId, environment.workspace, changedPaths);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch environment " + environmentId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void stop(String environmentId) {
        if (!ENVIRONMENT_ID.matcher(environmentId).matches()) {
            return; // never created: no such environment
        }
        Environment environment;
        synchronized (environments) {
            environment = environments.get(environmentId);
            if (environment != null) {
                environment.stopping = true;
            }
        }
        if (environment == null) {
            Path dir = root.resolve(environmentId);
            Path runDir = readRuntimeDirectory(dir).orElse(runtime.resolve(environmentId));
            String cgroup = cgroupName(environmentId);
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(runDir, LinkOption.NOFOLLOW_LINKS)
                    || cgroups.find(cgroup).isPresent()) {
                log.info("Removing leftover environment {}", environmentId);
                tearDown(environmentId, cgroup, dir, runDir, readUid(dir), List.of(), null);
            }
            return;
        }
        try {
            stopWhenStarted(environment);
        } finally {
            environments.remove(environmentId, environment);
        }
    }

    /** Waits for the environment's start to end (it creates what is removed here), then tears it down. */
    private void stopWhenStarted(Environment environment) {
        try {
            environment.ready.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            // failed: whatever it made is removed below
        } catch (TimeoutException e) {
            log.warn("Environment {} still provisioning after 2 min; removing it anyway", environment.id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            tearDown(environment);
        } finally {
            environment.stopped.complete(null);
        }
    }

    @Override
    public Set<String> listRunning() {
        Set<String> running = new TreeSet<>();
        Set<String> known = new HashSet<>(environments.keySet());
        unclaimed.forEach(environment -> known.add(environment.id));
        environments.forEach((id, environment) -> {
            if (!environment.stopping && !environment.ready.isCompletedExceptionally()) {
                running.add(id);
            }
        });
        for (Path parent : new LinkedHashSet<>(List.of(root, runtime))) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent)) {
                for (Path dir : dirs) {
                    String name = dir.getFileName().toString();
                    if (ENVIRONMENT_ID.matcher(name).matches() && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                            && !known.contains(name)) {
                        running.add(name); // a leftover of an earlier process
                    }
                }
            } catch (IOException e) {
                log.warn("Cannot list {}: {}", parent, e.getMessage());
            }
        }
        return running;
    }

    /** Stops every environment this instance started or adopted; leftovers it never touched stay listed. */
    @Override
    public void close() {
        synchronized (environments) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (String id : List.copyOf(environments.keySet())) {
            try {
                stop(id);
            } catch (RuntimeException e) {
                log.warn("Could not stop environment {} while closing", id, e);
            }
        }
        List<Environment> warmOnes;
        synchronized (warm) { // after this, no refill starts another
            warmOnes = List.copyOf(unclaimed);
        }
        for (Environment environment : warmOnes) {
            environment.stopping = true;
            try {
                stopWhenStarted(environment);
            } catch (RuntimeException e) {
                log.warn("Could not stop warm environment {} while closing", environment.id, e);
            } finally {
                unclaimed.remove(environment);
            }
        }
        synchronized (this) {
            if (watcher != null) {
                watcher.close();
            }
        }
        provisioning.shutdownNow();
        terminals.close();
        if (volumes != null) {
            volumes.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Diagnostics (tests, health endpoints)

    /** How limits are enforced here, for instance "cgroup v1 at /sys/fs/cgroup (memory, cpu, pids)". */
    public String limitsDescription() {
        return cgroups.description();
    }

    /** Warm environments ready to be taken by the next sessions. */
    public int readyWarmEnvironments() {
        return warm.size();
    }

    /** Whether workspaces are ext4 images on disk (else: tmpfs, whose size counts against the memory limit). */
    public boolean workspacesOnDisk() {
        return volumes != null;
    }

    /** Whether the kernel enforces memory, CPU and process limits through cgroups (else: rlimits only). */
    public boolean cgroupLimitsEnforced() {
        return cgroups.enforced().size() == Cgroups.Controller.values().length;
    }

    /** The environment's cgroup limit files as the kernel reports them (name -> content); empty without cgroups. */
    public Map<String, String> cgroupSettings(String environmentId) {
        return cgroups.find(cgroupName(checkId(environmentId))).map(Cgroups.Group::settings).orElse(Map.of());
    }

    /** The host uid the environment's processes and files have. */
    public OptionalInt hostUid(String environmentId) {
        Environment environment = environments.get(environmentId);
        int uid = environment != null && environment.uid > 0 ? environment.uid
                : readUid(root.resolve(checkId(environmentId)));
        return uid > 0 ? OptionalInt.of(uid) : OptionalInt.empty();
    }

    /**
     * Host pids of the environment's processes: its cgroup's while it has one (no process can leave it, and one read
     * is a count at one instant, which a union with a later scan of its uid's would not be), else its uid's.
     */
    public Set<Integer> processes(String environmentId) {
        Optional<Cgroups.Group> group = cgroups.find(cgroupName(checkId(environmentId)));
        if (group.isPresent()) {
            return group.get().pids();
        }
        return hostUid(environmentId).stream().boxed().flatMap(uid -> HostProcesses.processesOf(uid).stream())
                .collect(Collectors.toSet());
    }

    /** {@code <root>/<id>}: the environment's folder on the host (its metadata). */
    public Path environmentDirectory(String environmentId) {
        return root.resolve(checkId(environmentId));
    }

    /** {@code <runtime root>/<id>}: where the environment's workspace and /tmp are mounted on the host. */
    public Path runtimeDirectory(String environmentId) {
        return runtime.resolve(checkId(environmentId));
    }

    /** Whether the environment's cgroup exists (under any controller). */
    public boolean cgroupExists(String environmentId) {
        return cgroups.find(cgroupName(checkId(environmentId))).isPresent();
    }

    /** The name of the environment's cgroup: a warm environment keeps the one it started with when a session takes it. */
    private String cgroupName(String environmentId) {
        Environment environment = environments.get(environmentId);
        return environment != null ? environment.cgroupName
                : readMetadata(root.resolve(environmentId)).getProperty("cgroup", environmentId);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Provisioning

    private final class Environment {
        /** The caller's environment id; a warm environment's own name until a session takes it. */
        final String id;
        /** What a session asked for; null for a warm environment. */
        final EnvironmentRequest request;
        final Path dir;
        final Path runDir;
        final Path workspace;
        final WorkspaceFiles workspaceFiles;
        final String cgroupName;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Void> stopped = new CompletableFuture<>();
        final Set<LocalTerminal> terminals;
        /** A shell started with the environment, waiting for the first terminal to be opened. */
        final AtomicReference<LocalTerminal> spareShell;
        volatile int uid = -1;
        volatile Cgroups.Group group = Cgroups.EMPTY;
        volatile SandboxUserWorker files;
        volatile boolean stopping;

        Environment(String id, EnvironmentRequest request, Path dir, Path runDir) {
            this.id = id;
            this.request = request;
            this.dir = dir;
            this.runDir = runDir;
            this.workspace = runDir.resolve("workspace");
            this.workspaceFiles = new WorkspaceFiles(workspace);
            this.cgroupName = id;
            this.terminals = ConcurrentHashMap.newKeySet();
            this.spareShell = new AtomicReference<>();
        }

        /** The ready warm environment {@code warm}, moved to {@code dir} and {@code runDir}, as {@code request}'s. */
        Environment(EnvironmentRequest request, Environment warm, Path dir, Path runDir) {
            this.id = request.environmentId();
            this.request = request;
            this.dir = dir;
            this.runDir = runDir;
            this.workspace = runDir.resolve("workspace");
            this.workspaceFiles = new WorkspaceFiles(workspace);
            this.cgroupName = warm.cgroupName;
            this.terminals = warm.terminals; // its shell's exit removes it from this very set
            this.spareShell = warm.spareShell;
            this.uid = warm.uid;
            this.group = warm.group;
            this.files = warm.files;
            this.ready.complete(null);
        }
    }

    /**
     * Starts warm environments until {@link LocalSandboxSettings#warmEnvironments()} are ready or starting. One that
     * fails is not started again before the next {@link #create}: a host that cannot start sandboxes does not loop.
     */
    private void refillWarmEnvironments() {
        synchronized (warm) {
            if (closed || problem != null) {
                return;
            }
            for (int missing = settings.warmEnvironments() - unclaimed.size(); missing > 0; missing--) {
                String name = "warm-" + UUID.randomUUID();
                Environment environment = new Environment(name, null, root.resolve(name), runtime.resolve(name));
                unclaimed.add(environment);
                provisioning.execute(() -> {
                    provision(environment);
                    if (environment.ready.isCompletedExceptionally()) {
                        unclaimed.remove(environment);
                    } else {
                        warm.add(environment);
                    }
                });
            }
        }
    }

    /**
     * Makes a ready warm environment {@code request}'s: its folders are renamed to the request's (mounts follow a
     * renamed parent) and it joins {@link #environments}. False when none is ready. Its shell must still be at the
     * prompt: one whose shell ended is discarded. Called under the environments' lock. A warm environment leaves
     * {@link #unclaimed} only once it is in {@link #environments} or torn down, so its uid is never given out twice.
     */
    private boolean claimWarmEnvironment(EnvironmentRequest request) {
        Path dir = root.resolve(request.environmentId());
        Path runDir = runtime.resolve(request.environmentId());
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) || Files.exists(runDir, LinkOption.NOFOLLOW_LINKS)) {
            return false; // a leftover of this id: provisioning adopts it
        }
        for (Environment candidate; (candidate = warm.poll()) != null; ) {
            if (takeOver(candidate, request, dir, runDir)) {
                return true;
            }
        }
        return false;
    }

    /** False when {@code candidate} cannot be taken (its shell ended, its folders could not be moved): it is discarded. */
    private boolean takeOver(Environment candidate, EnvironmentRequest request, Path dir, Path runDir) {
        LocalTerminal shell = candidate.spareShell.get();
        if (candidate.stopping || shell == null || shell.exitCode().isDone()) {
            discard(candidate);
            return false;
        }
        Environment claimed = new Environment(request, candidate, dir, runDir);
        try {
            if (!candidate.dir.equals(candidate.runDir)) {
                Files.move(candidate.runDir, runDir, StandardCopyOption.ATOMIC_MOVE);
            }
            writeMetadata(claimed, candidate.dir);
            Files.move(candidate.dir, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Could not move warm environment {} to {}: {}", candidate.id, request.environmentId(),
                    e.getMessage());
            Path movedRunDir = Files.exists(runDir, LinkOption.NOFOLLOW_LINKS) ? runDir : candidate.runDir;
            candidate.stopping = true;
            provisioning.execute(() -> {
                try {
                    tearDown(candidate.id, candidate.cgroupName, candidate.dir, movedRunDir, candidate.uid,
                            List.copyOf(candidate.terminals), candidate.files);
                } finally {
                    unclaimed.remove(candidate);
                }
            });
            return false;
        }
        environments.put(claimed.id, claimed);
        unclaimed.remove(candidate);
        log.info("Environment {} ready (session {}, host uid {}): warm environment {} taken", claimed.id,
                request.sessionId(), claimed.uid, candidate.id);
        return true;
    }

    private void discard(Environment environment) {
        environment.stopping = true;
        provisioning.execute(() -> {
            try {
                stopWhenStarted(environment);
            } finally {
                unclaimed.remove(environment);
            }
        });
    }

    private void provision(Environment environment) {
        try {
            if (problem != null) {
                throw new EnvironmentFailure(problem);
            }
            boolean shared = environment.runDir.equals(environment.dir);
            createDirectory(environment.dir, shared ? "rwx--x--x" : "rwx------");
            environment.uid = allocateUid(environment);
            if (!shared) {
                createDirectory(environment.runDir, "rwx--x--x");
            }
            SandboxLimits limits = settings.limits();
            mountWorkspace(environment);
            mountTmpfs(environment.runDir.resolve("tmp"), limits.tmpBytes(), limits.maxInodes(), environment.uid);
            writeEtc(environment.runDir.resolve("etc"));
            try {
                environment.group = cgroups.create(environment.cgroupName, limits,
                        limits.cgroupMemoryBytes(volumes == null));
            } catch (IOException e) {
                throw new EnvironmentFailure("could not set up the resource limits (cgroup): " + e.getMessage(), e);
            }
            environment.files = new SandboxUserWorker(environment.id, environment.uid);
            startFirstShell(environment);
            if (environment.stopping) {
                throw new EnvironmentFailure("environment " + environment.id + " was stopped while starting");
            }
            if (environment.request != null) {
                log.info("Environment {} ready (session {}, host uid {})", environment.id,
                        environment.request.sessionId(), environment.uid);
            } else {
                log.debug("Warm environment {} ready (host uid {})", environment.id, environment.uid);
            }
            environment.ready.complete(null);
        } catch (RuntimeException | IOException e) {
            EnvironmentFailure failure = failure(e);
            log.warn("Environment {} failed to start: {}", environment.id, failure.getMessage());
            if (!environment.stopping) { // stop() tears down itself once we are done
                try {
                    tearDown(environment);
                } catch (RuntimeException cleanup) {
                    log.warn("Cleaning up the failed environment {} failed", environment.id, cleanup);
                }
            }
            environment.ready.completeExceptionally(failure);
        }
    }

    /**
     * Starts the environment's first shell and waits until it runs: a sandbox that starts prints the shell's title
     * sequence before the shell starts, a sandbox that cannot start prints why and ends. So starting succeeds with the
     * first shell already at its prompt, and the first terminal opened is that shell.
     */
    private void startFirstShell(Environment environment) {
        LocalTerminal shell = spawnShell(environment, 80, 24);
        environment.spareShell.set(shell);
        try {
            shell.awaitOutput(SHELL_STARTED.getBytes(StandardCharsets.US_ASCII))
                    .get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LocalTerminal.Ended ended) {
                throw startFailure(environment, ended.exitCode, ended.output);
            }
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            throw new EnvironmentFailure("the sandbox's shell did not start within " + COMMAND_TIMEOUT.toSeconds()
                    + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentFailure("interrupted while starting environment " + environment.id);
        }
    }

    private EnvironmentFailure startFailure(Environment environment, int exitCode, String output) {
        String lastLine = output.strip().lines().reduce((first, second) -> second).orElse("");
        if (exitCode == 125 && !environment.group.procsFiles().isEmpty()) {
            return new EnvironmentFailure("the sandbox could not join its cgroup: " + lastLine);
        }
        if (output.contains("namespace") || output.contains("uid map") || output.contains("Operation not permitted")) {
            return new EnvironmentFailure("bubblewrap cannot create the sandbox's namespaces (" + lastLine
                    + "): enable unprivileged user namespaces (sysctl user.max_user_namespaces=15000, and "
                    + "kernel.unprivileged_userns_clone=1 where it exists)");
        }
        return new EnvironmentFailure("the sandbox did not start (exit " + exitCode + "): " + lastLine);
    }

    /**
     * A uid no environment of this backend uses, nor a leftover folder, nor a process that is not ours. The process
     * table is read once ({@link #foreignUids}), not per environment: with hundreds running, reading it cost more than
     * the rest of a start. Processes our environments leave behind are accounted for by {@link #quarantinedUids}, and
     * other platforms on this host by {@link UidClaims}.
     */
    private int allocateUid(Environment environment) throws IOException {
        synchronized (uidLock) {
            int existing = readUid(environment.dir);
            if (existing > 0) {
                uidClaims.takeOver(existing);
                return existing; // adopting a leftover: keep the uid its files have
            }
            if (foreignUids == null) {
                foreignUids = HostProcesses.uidsInUse();
            }
            Set<Integer> taken = new HashSet<>(foreignUids);
            taken.addAll(quarantinedUids);
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
                for (Path dir : dirs) {
                    if (!environments.containsKey(dir.getFileName().toString())) { // leftovers: known ones follow
                        int uid = readUid(dir);
                        if (uid > 0) {
                            taken.add(uid);
                        }
                    }
                }
            }
            environments.values().forEach(other -> taken.add(other.uid));
            unclaimed.forEach(other -> taken.add(other.uid));
            for (int i = 0; i < settings.hostUidCount(); i++) {
                int uid = settings.hostUidBase() + i;
                if (!taken.contains(uid) && uidClaims.claim(uid)) {
                    environment.uid = uid;
                    writeMetadata(environment, environment.dir);
                    return uid;
                }
            }
            throw new EnvironmentFailure("no free sandbox uid left (" + settings.hostUidCount() + " in use)");
        }
    }

    private void releaseUid(int uid) {
        try {
            uidClaims.release(uid);
        } catch (IOException e) {
            log.warn("Could not release the claim on uid {}: {}", uid, e.getMessage());
        }
    }

    /** Writes the environment's metadata into {@code dir} (its folder, or the warm folder about to become it). */
    private void writeMetadata(Environment environment, Path dir) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("environmentId", environment.id);
        if (environment.request != null) {
            properties.setProperty("sessionId", environment.request.sessionId());
            properties.setProperty("ownerId", environment.request.ownerId());
        }
        properties.setProperty("hostUid", Integer.toString(environment.uid));
        properties.setProperty("runtimeDirectory", environment.runDir.toString());
        properties.setProperty("cgroup", environment.cgroupName);
        properties.setProperty("createdAt", Instant.now().toString());
        Path temp = dir.resolve(METADATA + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            properties.store(out, "local sandbox environment");
        }
        Files.move(temp, dir.resolve(METADATA), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static int readUid(Path dir) {
        try {
            return Integer.parseInt(readMetadata(dir).getProperty("hostUid", "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Optional<Path> readRuntimeDirectory(Path dir) {
        return Optional.ofNullable(readMetadata(dir).getProperty("runtimeDirectory")).map(Path::of);
    }

    private static Properties readMetadata(Path dir) {
        Properties properties = new Properties();
        Path file = dir.resolve(METADATA);
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                properties.load(in);
            } catch (IOException | IllegalArgumentException e) {
                log.warn("Unreadable {}: {}", file, e.getMessage());
            }
        }
        return properties;
    }

    private void mountWorkspace(Environment environment) throws IOException {
        SandboxLimits limits = settings.limits();
        if (volumes == null) {
            mountTmpfs(environment.workspace, limits.workspaceBytes(), limits.maxInodes(), environment.uid);
            return;
        }
        createDirectory(environment.workspace, "rwx------");
        if (!HostProcesses.isMountPoint(environment.workspace)) { // else a leftover being adopted
            volumes.mountNew(environment.dir.resolve(WORKSPACE_IMAGE), environment.workspace, environment.uid);
        }
    }

    private void mountTmpfs(Path mountPoint, long sizeBytes, long inodes, int uid) throws IOException {
        createDirectory(mountPoint, "rwx------");
        if (HostProcesses.isMountPoint(mountPoint)) {
            return; // a leftover being adopted
        }
        String options = String.format(Locale.ROOT, "size=%d,nr_inodes=%d,mode=0700,uid=%d,gid=%d",
                sizeBytes, inodes, uid, uid);
        if (LibC.INSTANCE.mount("tmpfs", mountPoint.toString(), "tmpfs", LibC.MS_NOSUID | LibC.MS_NODEV, options)
                != 0) {
            throw new EnvironmentFailure("could not mount the workspace (tmpfs at " + mountPoint + "): "
                    + LibC.INSTANCE.strerror(Native.getLastError()));
        }
    }

    private static void writeEtc(Path etc) throws IOException {
        createDirectory(etc, "rwxr-xr-x");
        writeReadable(etc.resolve("passwd"), SANDBOX_USER + ":x:" + SANDBOX_UID + ":" + SANDBOX_UID + ":"
                + SANDBOX_USER + ":/workspace:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        writeReadable(etc.resolve("group"), SANDBOX_USER + ":x:" + SANDBOX_UID + ":\nnogroup:x:65534:\n");
        writeReadable(etc.resolve("hostname"), HOSTNAME + "\n");
        writeReadable(etc.resolve("hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\t" + HOSTNAME
                + "\n::1\tlocalhost ip6-localhost ip6-loopback\n");
    }

    private static void writeReadable(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The sandbox command line

    /**
     * {@code sh -c 'join cgroups; exec "$@"'} (when there are cgroups) {@code prlimit ... -- setpriv ... -- bwrap ...
     * -- <command>}: the process joins the environment's cgroup, gets its rlimits and its uid, then becomes bwrap;
     * everything it starts inherits all of that. bwrap stays the direct child of the JVM, so --die-with-parent ties the
     * sandbox to this process.
     */
    private List<String> sandboxCommand(Environment environment, List<String> command) {
        SandboxLimits limits = settings.limits();
        List<String> args = new ArrayList<>();
        List<Path> procs = environment.group.procsFiles();
        if (!procs.isEmpty()) {
            StringBuilder script = new StringBuilder("for f in");
            procs.forEach(file -> script.append(' ').append(shellQuote(file.toString())));
            script.append("; do echo $$ > \"$f\" || exit 125; done; exec \"$@\"");
            args.addAll(List.of("/bin/sh", "-c", script.toString(), "sandbox-join"));
        }
        args.add(tools.prlimit);
        args.add("--nofile=" + limits.maxOpenFiles() + ":" + limits.maxOpenFiles());
        args.add("--fsize=" + limits.maxFileBytes() + ":" + limits.maxFileBytes());
        args.add("--nproc=" + limits.maxProcesses() + ":" + limits.maxProcesses());
        args.add("--core=0:0");
        if (!cgroups.enforced().contains(Cgroups.Controller.MEMORY)) {
            args.add("--data=" + limits.memoryBytes() + ":" + limits.memoryBytes());
        }
        args.add("--");
        args.addAll(List.of(tools.setpriv, "--reuid=" + environment.uid, "--regid=" + environment.uid,
                "--clear-groups", "--no-new-privs", "--"));
        args.add(tools.bwrap);
        args.addAll(List.of("--unshare-all", "--unshare-user"));
        if (tools.bwrapDisableUserns) {
            args.add("--disable-userns");
        }
        args.addAll(List.of("--uid", Integer.toString(SANDBOX_UID), "--gid", Integer.toString(SANDBOX_UID)));
        // no --new-session: the terminal's PTY is the sandbox's own controlling terminal, and job control and
        // Ctrl-C need the shell in its foreground process group (STACK.md, trap 7)
        args.add("--die-with-parent");
        args.addAll(List.of("--hostname", HOSTNAME));
        args.add("--clearenv");
        setenv(args, "PATH", SANDBOX_PATH + extraPath());
        setenv(args, "HOME", "/workspace");
        setenv(args, "USER", SANDBOX_USER);
        setenv(args, "LOGNAME", SANDBOX_USER);
        setenv(args, "SHELL", "/bin/bash");
        setenv(args, "TERM", "xterm-256color");
        setenv(args, "LANG", "C.UTF-8");
        // shell and REPL histories go to /tmp, not into the user's synced workspace
        setenv(args, "HISTFILE", "/tmp/.bash_history");
        setenv(args, "NODE_REPL_HISTORY", "/tmp/.node_repl_history");
        setenv(args, "LESSHISTFILE", "-");
        args.addAll(List.of("--ro-bind", "/usr", "/usr"));
        for (String top : List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32")) {
            Path path = Path.of("/", top);
            if (Files.isSymbolicLink(path)) {
                try {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), path.toString()));
                } catch (IOException e) {
                    // unreadable link: leave it out
                }
            } else if (Files.isDirectory(path)) {
                args.addAll(List.of("--ro-bind", path.toString(), path.toString()));
            }
        }
        args.addAll(List.of("--perms", "0755", "--dir", "/etc", "--perms", "0755", "--dir", "/etc/ssl"));
        Path etc = environment.runDir.resolve("etc");
        for (String file : List.of("passwd", "group", "hostname", "hosts")) {
            args.addAll(List.of("--ro-bind", etc.resolve(file).toString(), "/etc/" + file));
        }
        for (String file : etcFiles()) {
            args.addAll(List.of("--ro-bind-try", "/etc/" + file, "/etc/" + file));
        }
        args.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
        if (tools.bwrapSize) {
            args.addAll(List.of("--perms", "1777", "--size", Long.toString(limits.tmpBytes()), "--tmpfs",
                    "/dev/shm"));
        }
        args.addAll(List.of("--bind", environment.runDir.resolve("tmp").toString(), "/tmp"));
        args.addAll(List.of("--bind", environment.workspace.toString(), "/workspace"));
        args.addAll(extraBinds);
        args.addAll(List.of("--chdir", "/workspace", "--"));
        args.addAll(command);
        return args;
    }

    private static void setenv(List<String> args, String name, String value) {
        args.addAll(List.of("--setenv", name, value));
    }

    /** The fixed list plus Debian's python configuration (/etc/python3, /etc/python3.11, ...). */
    private static List<String> etcFiles() {
        List<String> files = new ArrayList<>(ETC_FILES);
        try (DirectoryStream<Path> python = Files.newDirectoryStream(Path.of("/etc"), "python3*")) {
            python.forEach(dir -> files.add(dir.getFileName().toString()));
        } catch (IOException e) {
            // no python configuration
        }
        return files;
    }

    private String extraPath() {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i + 2 < extraBinds.size(); i += 3) {
            path.append(':').append(extraBinds.get(i + 2)).append("/bin");
        }
        return path.toString();
    }

    /**
     * Node outside /usr (nvm, /opt/node, ...) is bound read-only at its own path; never anything under /root or /home
     * (a user's secrets), where a sandbox sees only /usr's node (if any).
     */
    private static List<String> extraBinds() {
        List<String> binds = new ArrayList<>();
        Optional<Path> node = HostProcesses.findExecutable("node");
        if (node.isEmpty()) {
            return binds;
        }
        try {
            Path real = node.get().toRealPath();
            if (real.startsWith("/usr/")) {
                return binds;
            }
            Path prefix = real.getParent() != null ? real.getParent().getParent() : null;
            if (prefix == null || prefix.getNameCount() < 2 || real.startsWith("/root") || real.startsWith("/home")
                    || real.startsWith("/tmp")) {
                log.warn("node at {} is not bound into sandboxes (not under /usr, and {} may hold private files): "
                        + "install node under /usr (apt-get install nodejs) for sandboxes to have it", real, prefix);
                return binds;
            }
            binds.addAll(List.of("--ro-bind", prefix.toString(), prefix.toString()));
        } catch (IOException e) {
            // no node
        }
        return binds;
    }

    private static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Tear-down

    private void tearDown(Environment environment) {
        tearDown(environment.id, environment.cgroupName, environment.dir, environment.runDir, environment.uid,
                List.copyOf(environment.terminals), environment.files);
    }

    private void tearDown(String id, String cgroupName, Path dir, Path runDir, int uid, List<LocalTerminal> terminals,
                          SandboxUserWorker files) {
        synchronized (this) {
            if (watcher != null) {
                watcher.forget(id);
            }
        }
        terminals.forEach(LocalTerminal::close);
        Optional<Cgroups.Group> group = cgroups.find(cgroupName);
        group.ifPresent(g -> g.killAll(KILL_TIMEOUT_MILLIS));
        if (uid > 0) {
            if (HostProcesses.killAllOf(uid, KILL_TIMEOUT_MILLIS)) {
                releaseUid(uid);
            } else {
                log.error("Environment {}: processes of uid {} survived SIGKILL; the uid is not used again", id, uid);
                quarantinedUids.add(uid);
            }
        }
        Path workspace = runDir.resolve("workspace");
        if (files != null) {
            if (files.busy() && HostProcesses.isMountPoint(workspace)) {
                WorkspaceFiles.releaseFifos(workspace); // unblock a file thread stuck on a FIFO
            }
            files.close();
        }
        boolean unmounted = unmount(workspace) & unmount(runDir.resolve("tmp"));
        if (group.isPresent()) {
            try {
                group.get().remove();
            } catch (IOException e) {
                log.warn("Environment {}: {}", id, e.getMessage());
            }
        }
        if (!unmounted) {
            log.error("Environment {}: {} is still mounted; leaving {} in place", id, workspace, runDir);
            return;
        }
        deleteTree(runDir);
        deleteTree(dir);
        log.info("Environment {} stopped and removed", id);
    }

    private boolean unmount(Path mountPoint) {
        if (!HostProcesses.isMountPoint(mountPoint)) {
            return true;
        }
        if (LibC.INSTANCE.umount2(mountPoint.toString(), 0) != 0) {
            log.warn("umount {} failed ({}); detaching it lazily", mountPoint,
                    LibC.INSTANCE.strerror(Native.getLastError()));
            LibC.INSTANCE.umount2(mountPoint.toString(), LibC.MNT_DETACH);
        }
        return !HostProcesses.isMountPoint(mountPoint);
    }

    /** Deletes the environment's folder without following symlinks; refuses while anything is mounted below it. */
    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String prefix = dir.toAbsolutePath().normalize() + "/";
        if (HostProcesses.mountPoints().stream().anyMatch(point -> point.startsWith(prefix))) {
            log.error("Not deleting {}: something is still mounted below it", dir);
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
                    Files.deleteIfExists(folder);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    private Environment ready(String environmentId) {
        Environment environment = environments.get(environmentId);
        if (environment == null) {
            throw new EnvironmentFailure("environment " + environmentId + " is not running on this backend");
        }
        if (environment.stopping) {
            throw new EnvironmentFailure("environment " + environmentId + " is stopping");
        }
        if (!environment.ready.isDone()) {
            throw new EnvironmentFailure("environment " + environmentId + " is not ready yet");
        }
        if (environment.ready.isCompletedExceptionally()) {
            try {
                environment.ready.join();
            } catch (RuntimeException e) {
                throw failure(e.getCause() != null ? e.getCause() : e);
            }
        }
        return environment;
    }

    private static EnvironmentFailure failure(Throwable e) {
        if (e instanceof EnvironmentFailure failure) {
            return failure;
        }
        return new EnvironmentFailure("the environment could not start: " + e.getMessage(), e);
    }

    private static String checkId(String environmentId) {
        if (environmentId == null || !ENVIRONMENT_ID.matcher(environmentId).matches()) {
            throw new IllegalArgumentException("environment ids are 1-64 characters of [A-Za-z0-9_.-], starting with "
                    + "a letter or digit: " + environmentId);
        }
        return environmentId;
    }

    private synchronized WorkspaceWatcher watcher() throws IOException {
        if (watcher == null) {
            watcher = new WorkspaceWatcher();
        }
        return watcher;
    }

    private static Path prepareDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The configured runtime root, else the root when sandbox uids can pass through every folder above it, else a
     * folder of its own under /run (the root may be private, like /root/.code-platform).
     */
    private static Path chooseRuntime(LocalSandboxSettings settings, Path root) {
        Path runtime = settings.runtimeRoot();
        if (runtime == null) {
            runtime = traversable(root.getParent()) ? root
                    : LocalSandboxSettings.DEFAULT_RUNTIME_PARENT.resolve(shortHash(root.toString()));
        }
        try {
            if (!runtime.equals(root) && runtime.startsWith(LocalSandboxSettings.DEFAULT_RUNTIME_PARENT)) {
                createDirectory(LocalSandboxSettings.DEFAULT_RUNTIME_PARENT, "rwx--x--x");
            }
            Path real = prepareDirectory(runtime);
            Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(real));
            if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(real, permissions); // sandbox uids pass through to their own folder
            }
            return real;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + runtime + ": " + e.getMessage(), e);
        }
    }

    /** Whether every folder from {@code dir} up is searchable by other users (o+x). */
    private static boolean traversable(Path dir) {
        for (Path folder = dir; folder != null; folder = folder.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(folder).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void createDirectory(Path dir, String permissions) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(permissions));
    }

    /** Everything that rules out starting sandboxes on this host, in words a user can act on; or null. */
    private static String checkHost(Tools tools) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return "the local sandbox needs Linux (bubblewrap, namespaces, cgroups)";
        }
        if (tools.bwrap == null) {
            return "bubblewrap is not installed: apt-get install bubblewrap";
        }
        if (tools.setpriv == null || tools.prlimit == null) {
            return "setpriv or prlimit is missing: apt-get install util-linux";
        }
        int euid;
        try {
            euid = LibC.INSTANCE.geteuid();
        } catch (LinkageError e) {
            return "cannot call libc through JNA: " + e.getMessage();
        }
        if (euid != 0) {
            return "the local sandbox must run as root (it mounts a tmpfs per environment and runs each sandbox as "
                    + "its own uid); this process runs as uid " + euid;
        }
        return null;
    }

    /** The host tools, resolved once; null when missing. */
    private record Tools(String bwrap, String setpriv, String prlimit, boolean bwrapDisableUserns, boolean bwrapSize) {

        static Tools find(String bwrapName) {
            String bwrap = HostProcesses.findExecutable(bwrapName).map(Path::toString).orElse(null);
            boolean disableUserns = false;
            boolean size = false;
            if (bwrap != null) {
                String help = HostProcesses.run(COMMAND_TIMEOUT, List.of(bwrap, "--help")).output();
                disableUserns = help.contains("--disable-userns");
                size = help.contains("--size");
            }
            return new Tools(bwrap, path("setpriv"), path("prlimit"), disableUserns, size);
        }

        private static String path(String name) {
            return HostProcesses.findExecutable(name).map(Path::toString).orElse(null);
        }
    }
}
