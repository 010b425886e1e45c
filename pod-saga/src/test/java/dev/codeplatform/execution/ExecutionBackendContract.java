package dev.codeplatform.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ExecutionBackend} must do, tested against the real thing (no mocks): terminals, files, isolation,
 * and abuse that must stay contained. Waits are for outcomes with generous timeouts, never for speed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
public abstract class ExecutionBackendContract {

    protected static final Duration READY = Duration.ofSeconds(60);
    protected static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * For commands that run into a limit: reaching a memory limit makes the kernel reclaim (and re-read) pages under
     * the CPU quota before the OOM killer acts, which on a loaded machine takes long. Seconds on an idle one.
     */
    protected static final Duration ABUSE = Duration.ofMinutes(4);
    private static final long MIB = 1024 * 1024;

    protected ExecutionBackend backend;
    private final List<String> environments = new ArrayList<>();
    private final List<Terminal> terminals = new ArrayList<>();

    /** The backend under test; closed after all tests. */
    protected abstract ExecutionBackend newBackend();

    /** The number of processes running in the environment, or -1 if this backend cannot tell from outside. */
    protected int processCount(String environmentId) {
        return -1;
    }

    /** The limits the backend was configured with. */
    protected int processLimit() {
        return 256;
    }

    protected long workspaceBytes() {
        return 1024 * MIB;
    }

    @BeforeAll
    void startBackend() {
        backend = newBackend();
    }

    @AfterAll
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    @AfterEach
    void stopEverything() {
        terminals.forEach(Terminal::close);
        terminals.clear();
        environments.forEach(backend::stop);
        environments.clear();
    }

    /** A new, ready environment, stopped after the test. */
    protected String startEnvironment() {
        String id = createEnvironment(UUID.randomUUID().toString());
        backend.awaitReady(id, READY);
        return id;
    }

    /** A new environment of the session, asked for and not waited for; stopped after the test. */
    protected String createEnvironment(String sessionId) {
        String id = "t-" + UUID.randomUUID();
        environments.add(id);
        EnvironmentHandle handle = backend.create(new EnvironmentRequest(id, sessionId, UUID.randomUUID().toString()));
        assertThat(handle.environmentId()).isEqualTo(id);
        return id;
    }

    protected Terminal terminal(String environmentId, int cols, int rows) {
        Terminal terminal = backend.openTerminal(environmentId, cols, rows);
        terminals.add(terminal);
        return terminal;
    }

    protected TerminalProbe shell(String environmentId) {
        return new TerminalProbe(terminal(environmentId, 120, 40));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Terminals

    @Test
    void python_typed_into_a_terminal_prints_42() {
        String env = startEnvironment();
        TerminalProbe shell = new TerminalProbe(terminal(env, 80, 24));
        int from = shell.length();
        shell.type("python3 -c 'print(6*7)'\n");
        shell.await(Pattern.compile("(?m)^42\r?$"), from, WAIT);
    }

    @Test
    void resizing_the_terminal_reaches_stty_size() {
        String env = startEnvironment();
        TerminalProbe shell = new TerminalProbe(terminal(env, 120, 40));
        assertThat(shell.run("stty size").lines()).contains("40 120");
        shell.terminal().resize(100, 37);
        assertThat(shell.run("stty size").lines()).contains("37 100");
    }

    @Test
    void exit_3_completes_the_exit_code_with_3() throws Exception {
        String env = startEnvironment();
        TerminalProbe shell = shell(env);
        shell.type("exit 3\n");
        assertThat(shell.terminal().exitCode().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3);
    }

    /** A viewer shows what a program printed last before it shows that the shell ended. */
    @Test
    void what_the_shell_prints_last_arrives_before_its_exit_code() throws Exception {
        String env = startEnvironment();
        TerminalProbe shell = shell(env);
        int from = shell.length();
        shell.type("printf 'last%s\\n' -words; exit 5\n");
        assertThat(shell.terminal().exitCode().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(5);
        shell.await(Pattern.compile("(?m)^last-words\r?$"), from, Duration.ZERO);
    }

    /** A shell that ends before anyone reads it (a sandbox that could not start, say) still shows what it printed. */
    @Test
    void a_shell_that_ends_before_it_is_read_still_shows_its_output() throws Exception {
        String env = startEnvironment();
        Terminal terminal = terminal(env, 80, 24);
        type(terminal, "echo gone-$((1+1)); exit 4\n");
        assertThat(terminal.exitCode().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(4);
        StringBuffer output = new StringBuffer();
        terminal.start((buffer, length) -> {
            output.append(new String(buffer, 0, length, StandardCharsets.UTF_8));
            return true;
        });
        awaitTrue("the output printed before the end", () -> output.toString().lines()
                .anyMatch(line -> line.strip().equals("gone-2")));
    }

    @Test
    void ctrl_c_interrupts_a_running_program() {
        String env = startEnvironment();
        TerminalProbe shell = shell(env);
        int from = shell.length();
        // the marker comes from the program itself, so it runs in the foreground when Ctrl-C is typed (a marker
        // printed by the shell before it starts the program races with bash handing over the terminal)
        shell.type("sh -c 'echo __sleep\"\"ing; exec sleep 1000'\n");
        shell.await(Pattern.compile("__sleeping"), from, WAIT);
        shell.type("\u0003");
        TerminalProbe.Run after = shell.run("echo last=$?");
        assertThat(after.lines()).contains("last=130"); // 128 + SIGINT: the shell's foreground job got the signal
    }

    @Test
    void pause_stops_reading_a_flood_until_resume() {
        String env = startEnvironment();
        Terminal terminal = terminal(env, 80, 24);
        AtomicLong received = new AtomicLong();
        StringBuffer tail = new StringBuffer();
        terminal.start((buffer, length) -> {
            received.addAndGet(length);
            tail.append(new String(buffer, 0, length, StandardCharsets.ISO_8859_1));
            if (tail.length() > 64 * 1024) {
                tail.delete(0, tail.length() - 16 * 1024);
            }
            return true;
        });
        type(terminal, "yes\n");
        awaitTrue("a flood of output", () -> received.get() > 512 * 1024);

        terminal.pause();
        long atPause = received.get();
        sleep(1500);
        long whilePaused = received.get() - atPause;
        // at most the one read that was in progress when pause() was called
        assertThat(whilePaused).isLessThanOrEqualTo(64 * 1024);

        terminal.resume();
        long atResume = received.get();
        awaitTrue("output flowing again", () -> received.get() > atResume + 512 * 1024);

        type(terminal, "\u0003");
        type(terminal, "printf '%s%s\\n' __after_ flood\n");
        awaitTrue("the shell answering after Ctrl-C", () -> tail.indexOf("__after_flood") >= 0);
    }

    @Test
    void a_sink_that_returns_false_stops_reading_until_resume() {
        String env = startEnvironment();
        Terminal terminal = terminal(env, 80, 24);
        AtomicLong received = new AtomicLong();
        AtomicBoolean refuse = new AtomicBoolean(false);
        AtomicBoolean refused = new AtomicBoolean(false);
        terminal.start((buffer, length) -> {
            received.addAndGet(length);
            if (refuse.get()) {
                refused.set(true);
                return false;
            }
            return true;
        });
        type(terminal, "yes\n");
        awaitTrue("a flood of output", () -> received.get() > 256 * 1024);
        refuse.set(true);
        awaitTrue("the sink refusing a buffer", refused::get);
        long stopped = received.get();
        sleep(1500);
        assertThat(received.get()).isEqualTo(stopped);

        refuse.set(false);
        terminal.resume();
        awaitTrue("output flowing again", () -> received.get() > stopped + 256 * 1024);
        type(terminal, "\u0003");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Files

    @Test
    void files_written_by_the_server_are_visible_and_writable_in_the_shell() {
        String env = startEnvironment();
        backend.writeFile(env, "src/app/hello.py", "print('hello from the host')\n".getBytes(StandardCharsets.UTF_8));
        TerminalProbe shell = shell(env);

        assertThat(shell.run("python3 src/app/hello.py").lines()).contains("hello from the host");
        assertThat(shell.run("stat -c '%U %a' src/app/hello.py src/app").lines())
                .contains("sandbox 644", "sandbox 755");
        assertThat(shell.run("echo more >> src/app/hello.py && touch src/app/new.txt").status()).isZero();

        backend.createFolder(env, "empty/deep/folder");
        backend.move(env, "src/app/hello.py", "moved/hello.py");
        assertThat(shell.run("test -d empty/deep/folder && test -f moved/hello.py && test ! -e src/app/hello.py")
                .status()).isZero();
        assertThat(shell.run("cat moved/hello.py").lines()).contains("more");

        backend.delete(env, "moved");
        backend.delete(env, "does/not/exist");
        assertThat(shell.run("test ! -e moved").status()).isZero();
    }

    @Test
    void a_file_the_shell_creates_shows_in_watch_scan_and_readFile() throws Exception {
        String env = startEnvironment();
        Set<String> changed = ConcurrentHashMap.newKeySet();
        try (AutoCloseable watching = backend.watch(env, changed::addAll)) {
            TerminalProbe shell = shell(env);
            assertThat(shell.run("mkdir -p out/nested && printf data > out/nested/result.txt").status()).isZero();
            awaitTrue("the watcher reporting out/nested/result.txt", () -> changed.contains("out/nested/result.txt"));
            assertThat(changed).contains("out").allSatisfy(path -> assertThat(path).doesNotStartWith("/"));
        }

        Map<String, WorkspaceEntry> entries = backend.scan(env);
        assertThat(entries.get("out")).isEqualTo(WorkspaceEntry.folder());
        assertThat(entries.get("out/nested")).isEqualTo(WorkspaceEntry.folder());
        assertThat(entries.get("out/nested/result.txt")).isEqualTo(WorkspaceEntry.file(4, sha256("data")));
        assertThat(new String(backend.readFile(env, "out/nested/result.txt", 100), StandardCharsets.UTF_8))
                .isEqualTo("data");
        assertThatThrownBy(() -> backend.readFile(env, "out/nested/result.txt", 3))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("larger than 3 bytes");
        assertThatThrownBy(() -> backend.readFile(env, "out/nested", 100))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("not a regular file");
    }

    @Test
    void a_scan_of_some_paths_reads_them_and_what_is_below_them_only() {
        String env = startEnvironment();
        backend.writeFile(env, "a/x.txt", "x".getBytes(StandardCharsets.UTF_8));
        backend.writeFile(env, "a/deep/y.txt", "y".getBytes(StandardCharsets.UTF_8));
        backend.writeFile(env, "b/z.txt", "z".getBytes(StandardCharsets.UTF_8));
        backend.writeFile(env, "c.txt", "c".getBytes(StandardCharsets.UTF_8));
        shell(env).run("ln -s /etc b/link && ln -s a aliased");

        Map<String, WorkspaceEntry> some = backend.scan(env, List.of("a", "a/x.txt", "b/z.txt", "gone.txt",
                "b/link/passwd", "aliased/x.txt", "../escape", "/etc"));

        assertThat(some).containsOnlyKeys("a", "a/x.txt", "a/deep", "a/deep/y.txt", "b/z.txt");
        assertThat(some.get("b/z.txt").sha256()).isEqualTo(sha256("z"));
        assertThat(some.get("a/deep").kind()).isEqualTo(WorkspaceEntry.Kind.FOLDER);
    }

    @Test
    void names_with_spaces_dots_and_non_ascii_characters_round_trip() {
        String env = startEnvironment();
        String name = "notes/.hidden dir/naïve € résumé.txt";
        backend.writeFile(env, name, "ünïcödé".getBytes(StandardCharsets.UTF_8));
        TerminalProbe shell = shell(env);
        assertThat(shell.run("cat 'notes/.hidden dir/naïve € résumé.txt' | wc -c").lines())
                .contains(Integer.toString("ünïcödé".getBytes(StandardCharsets.UTF_8).length));
        assertThat(shell.run("printf x > 'notes/日本語.py'").status()).isZero();
        assertThat(backend.scan(env)).containsKeys(name, "notes/日本語.py", "notes/.hidden dir");
        assertThat(backend.readFile(env, "notes/日本語.py", 10)).containsExactly('x');
    }

    @Test
    void paths_that_leave_the_workspace_are_refused() {
        String env = startEnvironment();
        for (String path : List.of("../escape", "/etc/passwd", "a/../../b", "a//b", "./a", "")) {
            assertThatThrownBy(() -> backend.writeFile(env, path, new byte[0]))
                    .as(path).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> backend.readFile(env, path, 10))
                    .as(path).isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Isolation

    @Test
    void host_secrets_are_absent() {
        String env = startEnvironment();
        TerminalProbe shell = shell(env);
        assertThat(shell.run("cat /etc/shadow").status()).isNotZero();
        assertThat(shell.run("test -e /etc/shadow").status()).isNotZero();
        assertThat(shell.run("test -e /root").status()).isNotZero();
        assertThat(shell.run("test -e /home").status()).isNotZero();
        assertThat(shell.run("cat /etc/passwd").lines()).noneMatch(line -> line.startsWith("root:"));
    }

    @Test
    void hostname_is_sandbox_and_the_user_is_not_root() {
        String env = startEnvironment();
        TerminalProbe shell = shell(env);
        assertThat(shell.run("hostname").lines()).contains("sandbox");
        List<String> id = shell.run("id -u").lines();
        assertThat(id).contains("1000").doesNotContain("0");
        assertThat(shell.run("whoami").lines()).contains("sandbox");
    }

    @Test
    void the_environment_carries_nothing_of_the_server() {
        String env = startEnvironment();
        TerminalProbe shell = shell(env);
        TerminalProbe.Run run = shell.run("env");
        Map<String, String> inside = run.lines().stream()
                .filter(line -> line.matches("[A-Za-z_][A-Za-z0-9_]*=.*"))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
                        line -> line.substring(line.indexOf('=') + 1), (a, b) -> b));
        assertThat(inside).containsEntry("HOME", "/workspace").containsEntry("TERM", "xterm-256color")
                .containsEntry("LANG", "C.UTF-8");
        Set<String> generic = Set.of("PATH", "HOME", "TERM", "LANG", "PWD", "OLDPWD", "SHLVL", "_", "USER",
                "LOGNAME", "SHELL", "HOSTNAME", "LS_COLORS", "COLUMNS", "LINES", "MAIL");
        Set<String> serverVariables = System.getenv().keySet().stream()
                .filter(name -> !generic.contains(name)).collect(Collectors.toSet());
        assertThat(serverVariables).as("the test JVM's own environment").isNotEmpty();
        assertThat(inside.keySet()).doesNotContainAnyElementsOf(serverVariables);
        assertThat(inside.values()).noneMatch(value -> value.contains("/root"));
        assertThat(inside.values()).noneMatch(value -> value.contains(System.getProperty("java.home")));
    }

    @Test
    void the_sandbox_has_no_network() throws Exception {
        String env = startEnvironment();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.setSoTimeout(1);
            backend.writeFile(env, "net.py", ("""
                    import socket
                    for host, port in [('127.0.0.1', %d), ('1.1.1.1', 80)]:
                        s = socket.socket()
                        s.settimeout(10)
                        try:
                            s.connect((host, port))
                            print('CONNECTED', host)
                        except OSError as e:
                            print('BLOCKED', host, e)
                    """).formatted(server.getLocalPort()).getBytes(StandardCharsets.UTF_8));
            TerminalProbe.Run run = shell(env).run("python3 net.py");
            List<String> lines = run.lines();
            assertThat(lines).anyMatch(line -> line.startsWith("BLOCKED 127.0.0.1"));
            assertThat(lines).anyMatch(line -> line.startsWith("BLOCKED 1.1.1.1"));
            assertThat(lines).noneMatch(line -> line.startsWith("CONNECTED"));
            assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Abuse, contained

    @Test
    void a_fork_bomb_is_contained_and_the_environment_still_stops() {
        String env = startEnvironment();
        TerminalProbe shell = shell(env);
        shell.run(":(){ :|:& };:");
        if (processCount(env) >= 0) {
            awaitTrue("the fork bomb reaching the process limit", ABUSE,
                    () -> processCount(env) >= processLimit() * 3 / 4);
            int most = 0;
            for (int i = 0; i < 20; i++) {
                most = Math.max(most, processCount(env));
                sleep(50);
            }
            assertThat(most).isLessThanOrEqualTo(processLimit());
        } else {
            sleep(3000);
        }

        backend.stop(env);
        assertThat(backend.listRunning()).doesNotContain(env);
        if (processCount(env) >= 0) {
            assertThat(processCount(env)).isZero();
        }
        // the host is fine: a new environment starts and runs commands
        String next = startEnvironment();
        assertThat(shell(next).run("echo fine").lines()).contains("fine");
    }

    @Test
    void a_memory_bomb_is_killed_and_the_shell_survives() {
        String env = startEnvironment();
        TerminalProbe shell = shell(env);
        TerminalProbe.Run bomb = shell.run("python3 -c \"s = b'x' * (2 * 1024 ** 3); print('ALLOCATED', len(s))\"",
                ABUSE);
        assertThat(bomb.lines()).noneMatch(line -> line.startsWith("ALLOCATED"));
        // 137: SIGKILL from the OOM killer of the environment's cgroup; 1: MemoryError under rlimits only
        assertThat(bomb.status()).isIn(137, 1);
        assertThat(shell.run("echo alive").lines()).contains("alive");
    }

    @Test
    void filling_the_disk_fails_with_no_space_left_at_the_workspace_size() {
        String env = startEnvironment();
        backend.writeFile(env, "README.md", "# notes\n".getBytes(StandardCharsets.UTF_8));
        TerminalProbe shell = shell(env);
        TerminalProbe.Run fill = shell.run("head -c 2G /dev/zero > fill.bin; echo status=$?; stat -c size=%s fill.bin",
                ABUSE);
        assertThat(fill.output()).contains("No space left on device");
        assertThat(fill.lines()).contains("status=1");
        long size = fill.lines().stream().filter(line -> line.startsWith("size="))
                .mapToLong(line -> Long.parseLong(line.substring(5))).findFirst().orElseThrow();
        assertThat(size).isBetween(workspaceBytes() * 9 / 10, workspaceBytes());
        assertThat(shell.run("rm fill.bin && echo freed").lines()).contains("freed");
    }

    @Test
    void symlinks_planted_in_the_workspace_are_never_followed(@TempDir Path hostDir) throws Exception {
        // a host folder the sandbox user could read and write if the backend followed a link to it
        Files.setPosixFilePermissions(hostDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path canary = hostDir.resolve("canary.txt");
        Files.writeString(canary, "host secret");
        Files.setPosixFilePermissions(canary, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path shadowBefore = Path.of("/etc/shadow");
        String shadowHash = Files.exists(shadowBefore) ? sha256(Files.readString(shadowBefore)) : "";

        String env = startEnvironment();
        TerminalProbe shell = shell(env);
        assertThat(shell.run("ln -s /etc/shadow leak && ln -s " + hostDir + " hostlink && ln -s " + canary
                + " canarylink && mkdir d && ln -s /etc d/etc && printf ok > d/real.txt && mkfifo pipe").status())
                .isZero();

        Map<String, WorkspaceEntry> entries = backend.scan(env);
        assertThat(entries.keySet()).containsExactlyInAnyOrder("d", "d/real.txt");

        for (String path : List.of("leak", "canarylink", "hostlink/canary.txt", "d/etc/passwd", "pipe")) {
            assertThatThrownBy(() -> backend.readFile(env, path, 1 << 20)).as(path)
                    .isInstanceOf(UncheckedIOException.class);
        }
        assertThatThrownBy(() -> backend.writeFile(env, "hostlink/planted.txt", new byte[] {1})).as("write through")
                .isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> backend.writeFile(env, "canarylink", new byte[] {1})).as("write onto")
                .isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> backend.createFolder(env, "hostlink/planted")).as("mkdir through")
                .isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> backend.move(env, "hostlink/canary.txt", "stolen.txt")).as("move out")
                .isInstanceOf(UncheckedIOException.class);
        backend.delete(env, "hostlink/canary.txt"); // not in the tree: nothing to delete
        backend.delete(env, "hostlink"); // removes the link itself
        backend.delete(env, "d");

        assertThat(hostDir).isDirectory();
        assertThat(Files.readString(canary)).isEqualTo("host secret");
        try (var listing = Files.list(hostDir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("canary.txt");
        }
        if (Files.exists(shadowBefore)) {
            assertThat(sha256(Files.readString(shadowBefore))).isEqualTo(shadowHash);
        }
        assertThat(Path.of("/etc/passwd")).exists();
        assertThat(shell.run("test ! -e hostlink && test ! -e d && test -L leak").status()).isZero();
    }

    @Test
    void stop_kills_everything_and_the_environment_is_no_longer_listed() throws Exception {
        String env = startEnvironment();
        TerminalProbe shell = shell(env);
        assertThat(shell.run("sleep 1000 & echo started").lines()).contains("started");
        assertThat(backend.listRunning()).contains(env);

        backend.stop(env);

        assertThat(backend.listRunning()).doesNotContain(env);
        assertThatCode(() -> shell.terminal().exitCode().handle((code, error) -> code)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS)).doesNotThrowAnyException();
        if (processCount(env) >= 0) {
            assertThat(processCount(env)).isZero();
        }
        assertThatThrownBy(() -> backend.scan(env)).isInstanceOf(EnvironmentFailure.class);
        assertThatCode(() -> backend.stop(env)).doesNotThrowAnyException();
    }

    @Test
    void create_is_idempotent_per_environment_id() {
        String id = "t-" + UUID.randomUUID();
        environments.add(id);
        EnvironmentRequest request = new EnvironmentRequest(id, "session", "owner");
        EnvironmentHandle first = backend.create(request);
        EnvironmentHandle second = backend.create(request);
        assertThat(second).isEqualTo(first);
        backend.awaitReady(id, READY);
        backend.writeFile(id, "kept.txt", new byte[] {42});
        backend.create(request);
        assertThat(backend.scan(id)).containsKey("kept.txt");
        assertThat(backend.listRunning()).contains(id);
        assertThatThrownBy(() -> backend.awaitReady("t-never-created", Duration.ofSeconds(1)))
                .isInstanceOf(EnvironmentFailure.class);
    }

    // ---------------------------------------------------------------------------------------------------------------

    protected static void awaitTrue(String what, BooleanSupplier condition) {
        awaitTrue(what, WAIT, condition);
    }

    protected static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + timeout.toSeconds() + " s for " + what);
            }
            sleep(20);
        }
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void type(Terminal terminal, String text) {
        try {
            terminal.input().write(text.getBytes(StandardCharsets.UTF_8));
            terminal.input().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
