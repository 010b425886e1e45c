package dev.codeplatform.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Suite {@code terminal}: session open to first prompt, keystroke echo, output flood and memory per idle terminal,
 * each next to a baseline measured in the same run on this host (bare bubblewrap, bash on a plain PTY).
 */
final class TerminalSuite {

    private static final long MIB = 1024;
    private static final byte BACKSPACE = 0x7f;

    private final ServerProcess server;
    private final MachineLoad machine;
    private final Api api;
    private final Path runDir;
    private final int sessions = Config.integer("bench.terminal.sessions", 30);
    private final int keystrokes = Config.integer("bench.terminal.keystrokes", 2000);
    private final int keystrokeWarmup = Config.integer("bench.terminal.keystrokes.warmup", 2000);
    private final int openPauseMillis = Config.integer("bench.terminal.open.pause", 3000);
    private final long floodBytes = Config.integer("bench.terminal.flood.bytes", 50_000_000);
    private final int idleTerminals = Config.integer("bench.terminal.idle", 200);

    /** A user with a workspace: sessions are opened on it. */
    private record Owner(String token, String workspace) {
    }

    /** An open session with its terminal. */
    private record Open(Owner owner, String session, RemoteTerminal terminal) {
    }

    TerminalSuite(ServerProcess server, MachineLoad machine, Path runDir) {
        this.server = server;
        this.machine = machine;
        this.api = new Api(server.base());
        this.runDir = runDir;
    }

    Table run() throws Exception {
        Table table = new Table("Suite terminal: execution environments");
        Owner owner = newOwner("bench-term");
        openToPrompt(owner, table);
        echoAndFlood(owner, table);
        idleMemory(table);
        return table;
    }

    private Owner newOwner(String prefix) {
        String token = api.newUser(prefix);
        return new Owner(token, api.createWorkspace(token, prefix));
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Session open to first prompt

    /** One series of sessions opened one at a time: open → prompt, and its parts. */
    private record OpenSeries(Stats total, Stats opened, Stats ticketed, Stats connected, Stats ready, Stats prompted,
                              MachineLoad.Load load) {

        String parts() {
            return String.format(Locale.ROOT, "p50 %s / %s / %s / %s / %s", Table.ms(opened.p50Millis()),
                    Table.ms(ticketed.p50Millis()), Table.ms(connected.p50Millis()), Table.ms(ready.p50Millis()),
                    Table.ms(prompted.p50Millis()));
        }
    }

    private void openToPrompt(Owner owner, Table table) throws Exception {
        int warmup = Math.min(3, sessions);
        System.out.printf("terminal: open to first prompt, %d warm-up + %d sessions, one at a time, %d ms apart%n",
                warmup, sessions, openPauseMillis);
        OpenSeries paced = openSessions(owner, warmup, sessions, openPauseMillis);
        System.out.printf("terminal: open to first prompt, %d sessions back to back%n", sessions);
        OpenSeries burst = openSessions(owner, 0, sessions, 0);

        MachineLoad.Mark baselineMark = machine.mark();
        Stats bwrap = bareBwrap(warmup, sessions);
        Stats hostPrompt = hostPrompt(warmup, sessions);
        MachineLoad.Load baselineLoad = machine.since(baselineMark);
        String baseline = (bwrap == null ? "bwrap not installed" : "bare `bwrap --ro-bind / / true` "
                + Table.p50p99(bwrap)) + "; bash on a host PTY to `$ ` " + Table.p50p99(hostPrompt);
        for (OpenSeries series : List.of(paced, burst)) {
            String what = series == paced
                    ? "Session open → first prompt `$ ` (" + sessions + " sessions, " + openPauseMillis + " ms apart)"
                    : "Session open → first prompt, back to back (" + sessions + " sessions)";
            table.row(what, Table.p50p99(series.total()), baseline,
                    bwrap == null ? null : String.format(Locale.ROOT, "%.0f× bare bwrap at p50",
                            series.total().percentile(50) / bwrap.percentile(50)),
                    "p50 < 150 ms", series.total().p50Millis() < 150, series.load());
            table.row("  of which: POST answered / ticket / WebSocket open / status ready frame / prompt",
                    series.parts(), null, null, null, null, null);
        }
        table.row("baselines: bare bwrap start; host PTY bash -i to prompt", baseline, null, null, null, null,
                baselineLoad);
        table.note("Open → prompt: from sending POST /api/workspaces/{id}/sessions to the first output frame showing "
                + "`$ `, one session at a time, pipelined as a client does (ticket and WebSocket right after the POST "
                + "answered, without waiting for the environment; the socket reports status `ready` when the shell is "
                + "attached), each closed with DELETE before the next. First row: " + warmup + " warm-up sessions, then "
                + "each session opened " + openPauseMillis + " ms after the previous one closed, as people open them: "
                + "the platform is at rest (the previous environment torn down, the environment taken replaced by a "
                + "new warm one). Second row: the same sessions back to back, a burst that outruns the warm "
                + "environments (two are kept; a taken one is replaced 2 s later), so most of these start cold.");
    }

    private OpenSeries openSessions(Owner owner, int warmup, int count, long pauseMillis) throws Exception {
        Stats total = new Stats();
        Stats opened = new Stats();
        Stats ticketed = new Stats();
        Stats connected = new Stats();
        Stats ready = new Stats();
        Stats prompted = new Stats();
        MachineLoad.Mark mark = machine.mark();
        for (int i = 0; i < warmup + count; i++) {
            if (i == warmup) {
                mark = machine.mark();
            }
            Shell.Chunks output = new Shell.Chunks();
            // Pipelined, as a client does: ticket and WebSocket right after the POST, while the environment starts.
            long t0 = System.nanoTime();
            String session = api.openSession(owner.token(), owner.workspace());
            long t1 = System.nanoTime();
            String ticket = api.ticket(owner.token(), session);
            long t2 = System.nanoTime();
            RemoteTerminal terminal = RemoteTerminal.connect(api.client(), url(session, ticket), output);
            long t3 = System.nanoTime();
            long t4 = terminal.awaitEvent("\"status\":\"ready\"", 60_000);
            long t5 = output.await("$ ", 30_000);
            if (i >= warmup) {
                total.add(t5 - t0);
                opened.add(t1 - t0);
                ticketed.add(t2 - t1);
                connected.add(t3 - t2);
                ready.add(t4 - t3);
                prompted.add(t5 - t4);
            }
            terminal.close();
            api.closeSession(owner.token(), session);
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
        return new OpenSeries(total, opened, ticketed, connected, ready, prompted, machine.since(mark));
    }

    private Stats bareBwrap(int warmup, int runs) throws IOException, InterruptedException {
        Optional<Path> bwrap = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> List.of(path.split(":")).stream())
                .map(dir -> Path.of(dir, "bwrap")).filter(Files::isExecutable).findFirst();
        if (bwrap.isEmpty()) {
            return null;
        }
        Stats stats = new Stats();
        for (int i = 0; i < warmup + runs; i++) {
            long t0 = System.nanoTime();
            Process process = new ProcessBuilder(bwrap.get().toString(), "--ro-bind", "/", "/", "true")
                    .redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            int code = process.waitFor();
            long t1 = System.nanoTime();
            if (code != 0) {
                throw new IllegalStateException("bwrap --ro-bind / / true exited with " + code);
            }
            if (i >= warmup) {
                stats.add(t1 - t0);
            }
        }
        return stats;
    }

    private Stats hostPrompt(int warmup, int runs) throws Exception {
        Stats stats = new Stats();
        for (int i = 0; i < warmup + runs; i++) {
            Shell.Chunks output = new Shell.Chunks();
            long t0 = System.nanoTime();
            try (HostShell shell = new HostShell(output)) {
                long t1 = output.await("$ ", 10_000);
                if (i >= warmup) {
                    stats.add(t1 - t0);
                }
            }
        }
        return stats;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Keystroke echo and output flood

    private void echoAndFlood(Owner owner, Table table) throws Exception {
        Shell.Chunks output = new Shell.Chunks();
        String session = api.openSession(owner.token(), owner.workspace());
        api.awaitReady(owner.token(), session, Duration.ofSeconds(60));
        System.out.printf("terminal: echo round trip, %d warm-up + %d keystrokes, twice%n", keystrokeWarmup,
                keystrokes);
        Stats echo;
        MachineLoad.Load load;
        Shell.Chunks leanOutput = new Shell.Chunks();
        try (LeanTerminal lean = LeanTerminal.connect(url(session, api.ticket(owner.token(), session)), leanOutput)) {
            leanOutput.await("$ ", 30_000);
            MachineLoad.Mark mark = machine.mark();
            echo = echo(lean, leanOutput);
            load = machine.since(mark);
        }
        try (RemoteTerminal remote = RemoteTerminal.connect(api.client(), url(session, api.ticket(owner.token(),
                session)), output)) {
            output.await("$ ", 30_000);
            MachineLoad.Mark jdkMark = machine.mark();
            Stats jdkEcho = echo(remote, output);
            MachineLoad.Load jdkLoad = machine.since(jdkMark);
            Stats hostEcho;
            MachineLoad.Load hostLoad;
            Shell.Chunks hostOutput = new Shell.Chunks();
            try (HostShell host = new HostShell(hostOutput)) {
                hostOutput.await("$ ", 10_000);
                MachineLoad.Mark hostMark = machine.mark();
                hostEcho = echo(host, hostOutput);
                hostLoad = machine.since(hostMark);
            }
            table.row("Keystroke echo round trip (" + keystrokes + " keys)", Table.p50p99(echo),
                    "host PTY bash " + Table.p50p99(hostEcho),
                    String.format(Locale.ROOT, "%+.2f ms at p99", echo.p99Millis() - hostEcho.p99Millis()),
                    "p99 < 2 ms", echo.p99Millis() < 2, load);
            table.row("  the same through the JDK's WebSocket client (what the other rows use)",
                    Table.p50p99(jdkEcho), null, null, null, null, jdkLoad);
            table.row("baseline: keystroke echo on a host PTY", Table.p50p99(hostEcho), null, null, null, null,
                    hostLoad);

            System.out.printf("terminal: flood of %d bytes%n", floodBytes);
            long rssBefore = MachineLoad.rssKiB(server.pid());
            MachineLoad.Mark floodMark;
            double seconds;
            try (HeapWatch heap = new HeapWatch(server.pid())) {
                floodMark = machine.mark();
                seconds = flood(remote);
                MachineLoad.Load floodLoad = machine.since(floodMark);
                heap.close();
                double megabytesPerSecond = floodBytes / 1e6 / seconds;
                Shell.Chunks hostOutput2 = new Shell.Chunks();
                double hostSeconds;
                MachineLoad.Load hostFloodLoad;
                try (HostShell host = new HostShell(hostOutput2)) {
                    hostOutput2.await("$ ", 10_000);
                    MachineLoad.Mark hostMark = machine.mark();
                    hostSeconds = flood(host);
                    hostFloodLoad = machine.since(hostMark);
                }
                double hostRate = floodBytes / 1e6 / hostSeconds;
                table.row(String.format(Locale.ROOT, "Output flood, %.0f MB to the client until the next prompt",
                                floodBytes / 1e6),
                        String.format(Locale.ROOT, "%.1f MB/s (%.2f s)", megabytesPerSecond, seconds),
                        String.format(Locale.ROOT, "host PTY %.1f MB/s (%.2f s)", hostRate, hostSeconds),
                        String.format(Locale.ROOT, "%.0f %% of host", 100 * megabytesPerSecond / hostRate),
                        "≥ 30 MB/s", megabytesPerSecond >= 30, floodLoad);
                table.row("  server memory during the flood",
                        String.format(Locale.ROOT, "heap used max %.0f MiB (at start %.0f MiB, %d samples); RSS "
                                        + "%.0f → max %.0f MiB", heap.maxHeapKiB() / (double) MIB,
                                heap.firstHeapKiB() / (double) MIB, heap.samples(), rssBefore / (double) MIB,
                                heap.maxRssKiB() / (double) MIB),
                        null, null, "bounded", null, null);
                table.row("baseline: flood read from a host PTY", String.format(Locale.ROOT, "%.1f MB/s", hostRate),
                        null, null, null, null, hostFloodLoad);
            }
            table.note("Echo: one printable character typed, timed until the output frame showing it arrives, then a "
                    + "backspace (not timed) erases it; the shell echoes as usual (readline), " + keystrokeWarmup
                    + " warm-up keys. Measured with a lean WebSocket client: the typing thread writes the frame to a "
                    + "blocking socket, a thread blocked in read stamps the answer, as the host PTY baseline is "
                    + "written and read. The JDK's client, measured next on the same shell, hands every frame to its "
                    + "executor, which adds its own thread hops. The baseline is the same method on bash over a plain "
                    + "PTY of this host, read by this driver.");
            table.note("Flood: `head -c " + floodBytes + " /dev/zero | tr '\\0' Q` typed at the prompt; timed from "
                    + "sending it until all " + floodBytes + " bytes and the next prompt arrived. The sandbox's CPU "
                    + "quota (0.5 core by default) applies to the platform's run, not to the host baseline.");
        } finally {
            api.closeSession(owner.token(), session);
        }
    }

    private Stats echo(Shell shell, Shell.Chunks output) throws InterruptedException, TimeoutException {
        Stats stats = new Stats();
        byte[] key = {'j'}; // in neither prompt
        byte[] erase = {BACKSPACE};
        for (int i = 0; i < keystrokeWarmup + keystrokes; i++) {
            output.clear();
            long t0 = System.nanoTime();
            shell.type(key);
            long t1 = output.await("j", 5_000);
            if (i >= keystrokeWarmup) {
                stats.add(t1 - t0);
            }
            shell.type(erase);
            output.await("\b", 5_000);
        }
        return stats;
    }

    /** Types the flood command and counts the output until all bytes and the next prompt arrived; seconds taken. */
    private double flood(Shell shell) throws InterruptedException {
        String command = "head -c " + floodBytes + " /dev/zero | tr '\\0' Q\r";
        long inCommand = command.chars().filter(c -> c == 'Q').count();
        long needed = floodBytes + inCommand;
        long[] counted = {0};
        long[] doneAt = {0};
        StringBuilder after = new StringBuilder();
        Object done = new Object();
        shell.sink((data, offset, length, nanos) -> {
            if (doneAt[0] != 0) {
                return;
            }
            for (int i = offset; i < offset + length; i++) {
                byte b = data[i];
                if (b == 'Q') {
                    counted[0]++;
                } else if (counted[0] >= needed) {
                    after.append((char) (b & 0xff));
                }
            }
            if (counted[0] >= needed && after.indexOf("$ ") >= 0) {
                synchronized (done) {
                    doneAt[0] = nanos;
                    done.notifyAll();
                }
            }
        });
        long t0 = System.nanoTime();
        shell.type(command);
        synchronized (done) {
            long deadline = System.currentTimeMillis() + 300_000;
            while (doneAt[0] == 0 && System.currentTimeMillis() < deadline) {
                done.wait(1000);
            }
        }
        if (doneAt[0] == 0) {
            throw new IllegalStateException("flood: only " + counted[0] + " of " + needed + " bytes within 300 s");
        }
        shell.sink(Shell.DISCARD);
        return (doneAt[0] - t0) / 1e9;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Memory per idle terminal

    private void idleMemory(Table table) throws Exception {
        int perUser = 20;
        int users = (idleTerminals + perUser - 1) / perUser;
        System.out.printf("terminal: %d idle terminals (%d users × up to %d sessions)%n", idleTerminals, users, perUser);
        List<Owner> owners = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            owners.add(newOwner("bench-idle" + i));
        }
        Thread.sleep(2000);
        long[] before = memory();
        java.util.Map<String, Integer> threadsNone = threadGroups();
        List<Open> open = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        MachineLoad.Mark mark = machine.mark();
        long started = System.nanoTime();
        try {
            List<Future<?>> opening = new ArrayList<>();
            for (int i = 0; i < idleTerminals; i++) {
                Owner owner = owners.get(i / perUser);
                opening.add(pool.submit(() -> {
                    try {
                        String session = api.openSession(owner.token(), owner.workspace());
                        open.add(new Open(owner, session, null));
                        api.awaitReady(owner.token(), session, Duration.ofSeconds(120));
                    } catch (RuntimeException e) {
                        failures.add("open: " + e.getMessage());
                    }
                }));
            }
            for (Future<?> f : opening) {
                f.get();
            }
            double openSeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("terminal: %d sessions ready after %.1f s%n", open.size(), openSeconds);
            Thread.sleep(2000);
            long[] sessionsReady = memory();

            List<Open> connected = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> connecting = new ArrayList<>();
            long connectStart = System.nanoTime();
            for (Open session : List.copyOf(open)) {
                connecting.add(pool.submit(() -> {
                    try {
                        Shell.Chunks output = new Shell.Chunks();
                        RemoteTerminal terminal = RemoteTerminal.connect(api.client(),
                                url(session.session(), api.ticket(session.owner().token(), session.session())), output);
                        connected.add(new Open(session.owner(), session.session(), terminal));
                        output.await("$ ", 30_000);
                        terminal.sink(Shell.DISCARD);
                    } catch (Exception e) {
                        failures.add("terminal: " + e.getMessage());
                    }
                }));
            }
            for (Future<?> f : connecting) {
                f.get();
            }
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            System.out.printf("terminal: %d terminals at a prompt after %.1f s%n", connected.size(), connectSeconds);
            Thread.sleep(3000);
            long[] terminals = memory();
            String threadGrowth = growth(threadsNone, threadGroups());
            MachineLoad.Load load = machine.since(mark);
            long[] shells = MachineLoad.descendantsRssKiB(server.pid());

            int count = connected.size();
            double perRss = (terminals[0] - before[0]) / (double) Math.max(1, count);
            double perHeap = (terminals[1] - before[1]) / (double) Math.max(1, count);
            double perThreads = (terminals[2] - before[2]) / (double) Math.max(1, count);
            table.row(String.format("Server memory per idle terminal (%d open of %d asked), session included",
                            count, idleTerminals),
                    String.format(Locale.ROOT, "RSS %.0f KiB, heap %.0f KiB, %.1f threads", perRss, perHeap,
                            perThreads),
                    null, null, "< 256 KiB each", count > 0 && perRss < 256 && perHeap < 256, load);
            table.row("  of which: session ready (environment, and the shell if started before anyone connects)",
                    perStep(sessionsReady, before, count), null, null, null, null, null);
            table.row("  of which: the WebSocket viewer attached (and the shell if started on connect)",
                    perStep(terminals, sessionsReady, count), null, null, null, null, null);
            table.row("  server JVM: none → sessions ready → terminals open",
                    String.format(Locale.ROOT, "RSS %.0f → %.0f → %.0f MiB; heap after GC %.1f → %.1f → %.1f MiB; "
                                    + "threads %d → %d → %d", before[0] / (double) MIB, sessionsReady[0] / (double) MIB,
                            terminals[0] / (double) MIB, before[1] / (double) MIB, sessionsReady[1] / (double) MIB,
                            terminals[1] / (double) MIB, before[2], sessionsReady[2], terminals[2]),
                    null, null, null, null, null);
            table.note(String.format(Locale.ROOT, "Idle terminals: %d users × up to %d sessions (the per-user limit), "
                            + "each session with one WebSocket terminal at its prompt; opening %d sessions took %.1f s "
                            + "and their terminals %.1f s (4 at a time). Per terminal = (all terminals open − no "
                            + "session open) / terminals: a terminal needs its session, and the platform may start the "
                            + "shell with the session; the two steps are split below it. RSS from /proc/<pid>/status, "
                            + "heap used after jcmd GC.run. "
                            + "The shell's own memory aside: shells run in separate processes (%d processes below the "
                            + "JVM, %.0f MiB RSS summed, shared pages counted repeatedly), not in these JVM numbers.%s",
                    users, perUser, open.size(), openSeconds, connectSeconds, shells[1], shells[0] / (double) MIB,
                    failures.isEmpty() ? "" : " Failures: " + failures.size() + ", first: " + failures.get(0)));
            table.note("Server threads added by the sessions and their terminals (jcmd Thread.print, names with numbers and ids as #): "
                    + threadGrowth);
        } finally {
            closeAll(open, pool);
        }
    }

    /** The server's threads by name, numbers and ids replaced by #. */
    private java.util.Map<String, Integer> threadGroups() throws IOException, InterruptedException {
        java.util.Map<String, Integer> groups = new java.util.TreeMap<>();
        for (String line : server.jcmd("Thread.print").split("\n")) {
            if (line.startsWith("\"")) {
                String name = line.substring(1, Math.max(1, line.indexOf('"', 1)))
                        .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "#")
                        .replaceAll("[0-9]+", "#");
                name = name.length() > 40 ? name.substring(0, 40) + "…" : name;
                groups.merge(name, 1, Integer::sum);
            }
        }
        return groups;
    }

    private static String growth(java.util.Map<String, Integer> before, java.util.Map<String, Integer> after) {
        List<String> grown = new ArrayList<>();
        after.forEach((name, count) -> {
            int delta = count - before.getOrDefault(name, 0);
            if (delta > 0) {
                grown.add(String.format("+%d `%s`", delta, name));
            }
        });
        grown.sort((a, b) -> Integer.compare(Integer.parseInt(b.substring(1, b.indexOf(' '))),
                Integer.parseInt(a.substring(1, a.indexOf(' ')))));
        return grown.isEmpty() ? "none" : String.join(", ", grown.subList(0, Math.min(6, grown.size())));
    }

    private static String perStep(long[] after, long[] before, int count) {
        double n = Math.max(1, count);
        return String.format(Locale.ROOT, "RSS %.0f KiB, heap %.0f KiB, %.1f threads", (after[0] - before[0]) / n,
                (after[1] - before[1]) / n, (after[2] - before[2]) / n);
    }

    /** RSS KiB, heap used KiB after a full GC, threads of the server JVM. */
    private long[] memory() throws IOException, InterruptedException {
        long heap = server.heapUsedAfterGcKiB();
        Thread.sleep(500);
        return new long[] {MachineLoad.rssKiB(server.pid()), heap, MachineLoad.threads(server.pid())};
    }

    private void closeAll(List<Open> open, ExecutorService pool) throws Exception {
        System.out.printf("terminal: closing %d sessions%n", open.size());
        List<Future<?>> closing = new ArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        for (Open session : List.copyOf(open)) {
            closing.add(pool.submit(() -> {
                if (session.terminal() != null) {
                    session.terminal().close();
                }
                if (api.closeSession(session.owner().token(), session.session()) != 200) {
                    refused.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : closing) {
            try {
                f.get();
            } catch (Exception e) {
                refused.incrementAndGet();
            }
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        awaitSandboxesGone(Duration.ofMinutes(3));
        if (refused.get() > 0) {
            System.out.println("terminal: " + refused.get() + " sessions could not be closed");
        }
    }

    /**
     * Waits until no sandbox mount is left under the server's data folder (environments torn down), but those of the
     * environments the server keeps started ahead for the next sessions ({@code warm-*}).
     */
    private void awaitSandboxesGone(Duration timeout) throws IOException, InterruptedException {
        String prefix = runDir.toAbsolutePath().toString();
        long deadline = System.nanoTime() + timeout.toNanos();
        long mounts = 0;
        while (System.nanoTime() < deadline) {
            mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .filter(line -> line.contains(prefix) && !line.contains("/warm-")).count();
            if (mounts == 0) {
                return;
            }
            Thread.sleep(500);
        }
        System.out.println("terminal: " + mounts + " sandbox mounts still present after " + timeout.toSeconds() + " s");
    }

    private String url(String session, String ticket) {
        return server.webSocketBase() + "/api/terminal/ws/" + session + "?ticket=" + ticket;
    }
}
