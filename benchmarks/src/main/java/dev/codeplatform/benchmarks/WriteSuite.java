package dev.codeplatform.benchmarks;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Suite {@code write}: WriteFile over HTTP to a committed event (closed loop at several concurrencies), the raw
 * durable-INSERT limit of the same PostgreSQL at the same concurrencies, and at a fixed open-loop rate the write
 * latency and the commit-to-visible lag of the read model.
 */
final class WriteSuite {

    /** One call of a closed-loop worker: true when it succeeded. */
    interface Call {
        boolean call() throws Exception;
    }

    record Result(double perSecond, Stats latency, long errors, MachineLoad.Load load) {

        /** Two measurements of the same thing as one: the rate weighted by each window's length. */
        Result and(Result that) {
            Stats both = new Stats();
            both.addAll(latency);
            both.addAll(that.latency);
            double seconds = load.seconds() + that.load.seconds();
            return new Result((perSecond * load.seconds() + that.perSecond * that.load.seconds()) / seconds, both,
                    errors + that.errors, load.and(that.load));
        }
    }

    /** One measurement of a level, run as a slice of the given warm-up and duration (see {@link #interleave}). */
    private interface Measurement {
        Result slice(int warmupSeconds, int durationSeconds) throws Exception;
    }

    private final ServerProcess server;
    private final MachineLoad machine;
    private final Api api;
    private final int serverWarmup = Config.integer("bench.write.serverWarmup", 300);
    private final int warmup = Config.integer("bench.write.warmup", 1);
    private final int duration = Config.integer("bench.write.duration", 20);
    private final int rounds = Config.integer("bench.write.rounds", 4);
    private final List<Integer> concurrencies = Config.integers("bench.write.concurrency", "1,16,64");
    private final int bytes = Config.integer("bench.write.bytes", 256);
    private final int rate = Config.integer("bench.lag.rate", 200);
    private final int lagWarmup = Config.integer("bench.lag.warmup", 5);
    private final int lagDuration = Config.integer("bench.lag.duration", 30);
    private final int lagWorkspaces = Config.integer("bench.lag.workspaces", 8);

    private final java.nio.file.Path runDir;
    private final List<LeanHttp> openConnections = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The last version each closed-loop writer got answered, per workspace. */
    private final Map<String, Long> lastVersions = new ConcurrentHashMap<>();

    WriteSuite(ServerProcess server, MachineLoad machine, java.nio.file.Path runDir) {
        this.server = server;
        this.machine = machine;
        this.runDir = runDir;
        this.api = new Api(server.base());
    }

    /** A new connection for one measuring thread, closed when its measurement ends ({@link #closeConnections}). */
    private LeanHttp connection() {
        LeanHttp connection = LeanHttp.connect(server.base());
        openConnections.add(connection);
        return connection;
    }

    /** Closes the connections of the measurement that just ended, so the server does not keep them all run long. */
    private void closeConnections() {
        synchronized (openConnections) {
            openConnections.forEach(LeanHttp::close);
            openConnections.clear();
        }
    }

    /** Writes the next of 16 files under a folder of one workspace, over a connection of its own. */
    private final class Writer {
        private final LeanHttp connection = connection();
        private final String token;
        private final String workspace;
        private final String folder;
        private long written;

        Writer(String token, String workspace, String folder) {
            this.token = token;
            this.workspace = workspace;
            this.folder = folder;
        }

        Api.Written next() {
            long n = written++;
            return Api.write(connection, token, workspace, folder + "/f" + (n % 16) + ".txt", payload(n));
        }
    }

    Table run() throws Exception {
        try {
            return measure();
        } finally {
            closeConnections();
        }
    }

    private Table measure() throws Exception {
        Table table = new Table("Suite write: WriteFile through HTTP to committed event");
        String token = api.newUser("bench-writer");
        int needed = Math.max(lagWorkspaces, concurrencies.stream().mapToInt(Integer::intValue).max().orElse(1));
        List<String> workspaces = new ArrayList<>();
        for (int i = 0; i < needed; i++) {
            workspaces.add(api.createWorkspace(token, "bench-" + i));
        }
        Stats catchUps = new Stats();
        try (Connection admin = database()) {
            logSlowStatements(admin);
            warmServer(token, workspaces, table);
            System.out.printf("write: %d workspaces; per level, %d rounds of %d s warm-up + %d s measured per "
                    + "measurement%n", needed, rounds, warmup, duration / rounds);
            try (Statement statement = admin.createStatement()) {
                statement.execute("drop table if exists bench_raw_insert");
                statement.execute("create table bench_raw_insert (id bigserial primary key, writer int not null, "
                        + "payload bytea not null, created_at timestamptz not null default now())");
            }
            for (int writers : concurrencies) {
                boolean targeted = writers == 16;
                List<Measurement> measurements = new ArrayList<>(List.of(
                        (w, d) -> rawInserts(writers, w, d),
                        (w, d) -> {
                            Result written = writes(token, workspaces, writers, w, d);
                            // the projections' backlog would otherwise take CPU from the next measurement's slice
                            catchUps.add(Math.round(awaitProjectionsCaughtUp(token) * 1000));
                            return written;
                        }));
                List<Floor> floors = targeted ? floors(token, workspaces.get(0)) : List.of();
                floors.forEach(floor -> measurements.add((w, d) -> floor(floor, writers, w, d)));
                List<Result> results = interleave(measurements);
                Result raw = results.get(0);
                Result http = results.get(1);
                double share = 100.0 * http.perSecond() / raw.perSecond();
                table.row(String.format("WriteFile throughput, %d writer%s", writers, writers == 1 ? "" : "s"),
                        perSecond(http.perSecond(), "writes"), perSecond(raw.perSecond(), "raw INSERTs"),
                        String.format(Locale.ROOT, "%.0f %% of raw", share), targeted ? "≥ 50 % of raw" : null,
                        targeted ? share >= 50 : null, http.load());
                table.row(String.format("WriteFile latency, %d writer%s", writers, writers == 1 ? "" : "s"),
                        Table.p50p99(http.latency()), "raw INSERT " + Table.p50p99(raw.latency()),
                        ratio(http.latency().percentile(50), raw.latency().percentile(50)) + " at p50", null, null,
                        http.load());
                table.row(String.format("raw INSERT (baseline), %d connection%s", writers, writers == 1 ? "" : "s"),
                        perSecond(raw.perSecond(), "rows") + ", " + Table.p50p99(raw.latency()), null, null, null,
                        null, raw.load());
                if (http.errors() > 0 || raw.errors() > 0) {
                    table.note(String.format("%d writers: %d failed writes, %d failed raw INSERTs", writers,
                            http.errors(), raw.errors()));
                }
                for (int i = 0; i < floors.size(); i++) {
                    floorRow(floors.get(i), results.get(2 + i), writers, http.perSecond(), table);
                }
            }
            try (Statement statement = admin.createStatement()) {
                // not left for autovacuum to scan during the open loop (a 750 000-row table took it 3 s)
                statement.execute("drop table if exists bench_raw_insert");
            }
            // every WriteFile slice waited for the read model, so the open loop starts with no backlog to work off
            openLoop(token, workspaces.subList(0, lagWorkspaces), table);
        }
        table.note("Closed loop: each writer sends its next PUT when the previous one answered, to its own workspace "
                + "(" + bytes + "-byte files, 16 paths per workspace). Raw: one autocommit INSERT of a " + bytes
                + "-byte row per transaction into a scratch table, from this driver over JDBC, one connection per "
                + "writer. Each level's measurements (raw INSERT, WriteFile and, at 16, the HTTP floor) take turns: "
                + rounds + " rounds, each measuring every one of them for " + duration / rounds + " s after a "
                + warmup + " s warm-up, " + duration / rounds * rounds + " s measured each in all. After each "
                + "WriteFile slice, the next waited until the read model had caught up with its writes (up to "
                + String.format(Locale.ROOT, "%.0f", catchUps.percentile(100)) + " ms).");
        return table;
    }

    /**
     * Brings the server to its steady state before anything is measured, as a server that has been serving for a
     * while is: the JIT compiles the write and read paths during the first minutes under load (the 16-writer row
     * measured 393, 654, 905 and 1 127 writes/s over a cold server's first five minutes). 16 clients each cycle
     * through a write, an authenticated read and {@code /api/health}, in slices of {@value #WARMUP_SLICE} s, until
     * the JIT compiled for less than {@value #WARM_JIT_SECONDS} s during a slice (it has compiled what this load
     * runs), or {@code bench.write.serverWarmup} seconds have passed. The slices' rates go into the table's notes.
     */
    private void warmServer(String token, List<String> workspaces, Table table) throws Exception {
        if (serverWarmup <= 0) {
            table.note("No server warm-up (bench.write.serverWarmup=0): the first rows carry the JIT's compilation.");
            return;
        }
        List<String> slices = new ArrayList<>();
        boolean warm = false;
        int seconds = 0;
        while (seconds < serverWarmup && !warm) {
            double jitBefore = server.jitSeconds();
            Result slice = closedLoop(16, 0, WARMUP_SLICE, index -> {
                String workspace = workspaces.get(index);
                Writer writer = new Writer(token, workspace, "warm");
                String read = Api.workspacePath(workspace, 0);
                return () -> writer.next().status() == 200
                        && writer.connection.send("GET", read, token, null).status() == 200
                        && writer.connection.send("GET", Api.HEALTH_PATH, null, null).status() == 200;
            });
            double jit = server.jitSeconds() - jitBefore;
            seconds += WARMUP_SLICE;
            warm = jitBefore >= 0 && jit < WARM_JIT_SECONDS;
            slices.add(String.format(Locale.ROOT, "%.0f (JIT %.1f s)", slice.perSecond(), jit));
            System.out.printf("write: server warm-up, %d s: %.0f cycles/s (write + read + health), JIT %.1f s%n",
                    seconds, slice.perSecond(), jit);
        }
        table.note(String.format("Server warm-up before the first row: %d s of 16 clients each cycling a write, an "
                        + "authenticated read and /api/health, %s. Cycles/s per %d s slice, with the JIT's "
                        + "compilation time in it: %s.", seconds,
                warm ? "until the JIT had compiled for less than " + WARM_JIT_SECONDS + " s in a slice"
                        : "stopped at bench.write.serverWarmup while the JIT still compiled",
                WARMUP_SLICE, String.join(", ", slices)));
    }

    private static final int WARMUP_SLICE = 10;
    private static final double WARM_JIT_SECONDS = 0.5;

    /**
     * Asks the server's PostgreSQL to log what could explain a slow write: statements over
     * {@value #SLOW_STATEMENT_MS} ms ({@value #OPEN_LOOP_SLOW_STATEMENT_MS} ms during the open loop, whose slow writes
     * {@link TailCauses} explains), lock waits, autovacuum runs (checkpoints are logged by default). The log is copied
     * into the run folder at the end.
     */
    private static void logSlowStatements(Connection admin) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("alter system set log_lock_waits = on");
            statement.execute("alter system set log_autovacuum_min_duration = 0");
            logStatementsSlowerThan(statement, SLOW_STATEMENT_MS);
        }
    }

    private static void logStatementsSlowerThan(Statement statement, int millis) throws SQLException {
        statement.execute("alter system set log_min_duration_statement = '" + millis + "ms'");
        statement.execute("select pg_reload_conf()");
    }

    private static final int SLOW_STATEMENT_MS = 20;
    private static final int OPEN_LOOP_SLOW_STATEMENT_MS = 5;

    private Result writes(String token, List<String> workspaces, int writers, int warmupSeconds,
                          int durationSeconds) throws Exception {
        System.out.printf("write: %d HTTP writers%n", writers);
        return closedLoop(writers, warmupSeconds, durationSeconds, index -> {
            String workspace = workspaces.get(index);
            Writer writer = new Writer(token, workspace, "bench");
            return () -> {
                Api.Written written = writer.next();
                if (written.status() == 200) {
                    lastVersions.merge(workspace, written.version(), Math::max);
                }
                return written.status() == 200;
            };
        });
    }

    /**
     * Waits until the read model shows the last version written to each workspace by the closed-loop writes (the
     * API's read-your-writes: {@code GET /api/workspaces/{id}?minVersion=}), so that what is measured next (another
     * slice, the open loop) does not share the CPU with the projections working off a backlog. Answers the seconds
     * waited.
     */
    private double awaitProjectionsCaughtUp(String token) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MINUTES.toNanos(2);
        try (LeanHttp connection = LeanHttp.connect(server.base())) {
            for (Map.Entry<String, Long> last : lastVersions.entrySet()) {
                String read = Api.workspacePath(last.getKey(), last.getValue());
                while (connection.send("GET", read, token, null).status() != 200) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the read model did not catch up with the closed-loop "
                                + "writes within 2 minutes (workspace " + last.getKey() + ", version "
                                + last.getValue() + ")");
                    }
                }
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** A request of the HTTP floor; {@code restatedTarget}: its row carries the restated throughput target. */
    private record Floor(String label, String path, String token, boolean restatedTarget) {
    }

    /**
     * The same HTTP stack's own floor at the same concurrency, measured in this run: how many requests per second the
     * server answers at all when a request does next to nothing. {@code GET /api/health} (no token, one
     * {@code select 1} over R2DBC) and {@code GET /api/workspaces/{id}} (the token verified, one read-model query
     * through the query bus). The authenticated read carries the restated throughput target (README: the issue's
     * 50 %, against the cheapest authenticated request instead of a bare INSERT, which no request through this stack
     * can approach).
     */
    private static List<Floor> floors(String token, String workspace) {
        return List.of(
                new Floor("GET /api/health (no token, `select 1`)", Api.HEALTH_PATH, null, false),
                new Floor("GET /api/workspaces/{id} (token, one read-model query)", Api.workspacePath(workspace, 0),
                        token, true));
    }

    /** {@code clients} threads sending the floor's request in a closed loop. */
    private Result floor(Floor floor, int clients, int warmupSeconds, int durationSeconds) throws Exception {
        System.out.printf("write: HTTP floor, %d clients, %s%n", clients, floor.label());
        return closedLoop(clients, warmupSeconds, durationSeconds, index -> {
            LeanHttp connection = connection();
            return () -> connection.send("GET", floor.path(), floor.token(), null).status() == 200;
        });
    }

    private void floorRow(Floor floor, Result result, int clients, double writesPerSecond, Table table) {
        double share = 100.0 * writesPerSecond / result.perSecond();
        table.row(String.format("HTTP floor (same server), %d clients: %s", clients, floor.label()),
                perSecond(result.perSecond(), "requests") + ", " + Table.p50p99(result.latency()), null,
                String.format(Locale.ROOT, "WriteFile at %d writers = %.0f %% of it", clients, share),
                floor.restatedTarget() ? "restated: WriteFile ≥ 50 % of it" : null,
                floor.restatedTarget() ? share >= 50 : null, result.load());
        if (result.errors() > 0) {
            table.note(String.format("HTTP floor %s: %d requests failed", floor.label(), result.errors()));
        }
    }

    private Result rawInserts(int writers, int warmupSeconds, int durationSeconds) throws Exception {
        System.out.printf("write: %d raw INSERT connections%n", writers);
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            connections.add(database());
        }
        try {
            return closedLoop(writers, warmupSeconds, durationSeconds, index -> {
                Connection connection = connections.get(index);
                PreparedStatement insert;
                try {
                    insert = connection.prepareStatement("insert into bench_raw_insert (writer, payload) values (?, ?)");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                long[] counter = {0};
                return () -> {
                    insert.setInt(1, index);
                    insert.setBytes(2, payload(counter[0]++));
                    return insert.executeUpdate() == 1;
                };
            });
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    interface CallFactory {
        Call create(int index);
    }

    /**
     * Runs the measurements of one level in {@code bench.write.rounds} rounds, each measuring every one of them in
     * turn for a slice of {@code bench.write.duration}, and adds each one's slices up. These machines slow down now
     * and then for minutes (one run's rows all lost 20-45 %, the raw INSERTs too): that way a slowdown hits a
     * measurement and its baseline alike, instead of whichever happened to run then.
     */
    private List<Result> interleave(List<Measurement> measurements) throws Exception {
        List<Result> totals = new ArrayList<>(java.util.Collections.nCopies(measurements.size(), (Result) null));
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < measurements.size(); i++) {
                Result slice = measurements.get(i).slice(warmup, duration / rounds);
                totals.set(i, totals.get(i) == null ? slice : totals.get(i).and(slice));
            }
        }
        return totals;
    }

    /**
     * Runs {@code workers} threads in a closed loop: warm-up, then the measured window (calls started within it). The
     * connections its calls opened are closed when it ends.
     */
    private Result closedLoop(int workers, int warmupSeconds, int durationSeconds, CallFactory factory)
            throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long measureUntil = measureFrom + TimeUnit.SECONDS.toNanos(durationSeconds);
        Stats latency = new Stats();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Call call = factory.create(i);
            Thread thread = new Thread(() -> {
                Stats mine = new Stats();
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= measureUntil) {
                        break;
                    }
                    boolean success;
                    try {
                        success = call.call();
                    } catch (Exception e) {
                        success = false;
                        synchronized (failures) {
                            if (failures.size() < 3) {
                                failures.add(e);
                            }
                        }
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom) {
                        if (success) {
                            ok.incrementAndGet();
                            mine.add(t1 - t0);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                }
                latency.addAll(mine);
            }, "closed-loop-" + i);
            threads.add(thread);
            thread.start();
        }
        sleepUntil(measureFrom);
        MachineLoad.Mark mark = machine.mark();
        sleepUntil(measureUntil);
        MachineLoad.Load load = machine.since(mark);
        for (Thread thread : threads) {
            thread.join();
        }
        closeConnections();
        failures.forEach(e -> System.out.println("  a call failed: " + e));
        return new Result(ok.get() / (double) durationSeconds, latency, errors.get(), load);
    }

    /**
     * Open loop at a fixed rate: write i is due at start + i/rate whatever happened before (a pool sends it), so a
     * slow answer cannot slow the schedule down, and its latency counts from when it was due (no coordinated
     * omission). Visibility: a JDBC connection LISTENs on {@code projected_version}, which the projections notify in
     * the transaction that applies a version ({@code <aggregateId>:<version>}, delivered at commit); the lag of a write
     * is when its notification arrived minus when its 200 answer arrived, both on this driver's clock.
     */
    private void openLoop(String token, List<String> workspaces, Table table) throws Exception {
        System.out.printf("write: open loop at %d writes/s, %d s warm-up + %d s measured%n", rate, lagWarmup,
                lagDuration);
        Map<String, Long> notified = new ConcurrentHashMap<>();
        AtomicBoolean listening = new AtomicBoolean(true);
        Connection listen = database();
        try (Statement statement = listen.createStatement()) {
            logStatementsSlowerThan(statement, OPEN_LOOP_SLOW_STATEMENT_MS);
            statement.execute("LISTEN projected_version");
        }
        PGConnection pg = listen.unwrap(PGConnection.class);
        Thread listener = new Thread(() -> {
            try {
                while (listening.get()) {
                    PGNotification[] notifications = pg.getNotifications(200);
                    long now = System.nanoTime();
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            notified.putIfAbsent(normalise(n.getParameter()), now);
                        }
                    }
                }
            } catch (SQLException e) {
                System.out.println("  LISTEN failed: " + e);
            }
        }, "listen-projected-version");
        listener.setDaemon(true);
        listener.start();

        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        int warmupCount = rate * lagWarmup;
        int total = warmupCount + rate * lagDuration;
        ExecutorService pool = Executors.newFixedThreadPool(64);
        ThreadLocal<LeanHttp> connections = ThreadLocal.withInitial(this::connection);
        Map<String, Long> answered = new ConcurrentHashMap<>();
        // per measured write: when it was due (wall clock, ms), its latency, and the key its notification carries
        Map<Integer, long[]> samples = new ConcurrentHashMap<>();
        Map<Integer, String> sampleKeys = new ConcurrentHashMap<>();
        long wallAtStart = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
        Stats latency = new Stats();
        AtomicLong errors = new AtomicLong();
        long[] totalsBefore = databaseTotals();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        CompletableFuture<MachineLoad.Mark> mark = null;
        Stats commits;
        long commitErrors;
        try (CommitProbe probe = CommitProbe.start(database(), PROBE_RATE, start + warmupCount * period)) {
            for (int i = 0; i < total; i++) {
                long due = start + i * period;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (i == warmupCount) {
                    // it reads all of /proc: not on this thread, or the writes due meanwhile would be sent late
                    mark = CompletableFuture.supplyAsync(machine::mark);
                }
                boolean measured = i >= warmupCount;
                String workspace = workspaces.get(i % workspaces.size());
                long n = i;
                int index = i;
                pool.execute(() -> {
                    try {
                        Api.Written written = Api.write(connections.get(), token, workspace,
                                "lag/f" + (n / workspaces.size() % 16) + ".txt", payload(n));
                        long now = System.nanoTime();
                        if (!measured) {
                            return;
                        }
                        samples.put(index, new long[] {(wallAtStart + due) / 1_000_000, now - due, written.status()});
                        if (written.status() == 200) {
                            latency.add(now - due);
                            String key = normalise(workspace + ":" + written.version());
                            answered.put(key, now);
                            sampleKeys.put(index, key);
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        if (measured) {
                            errors.incrementAndGet();
                        }
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(2, TimeUnit.MINUTES);
            commits = probe.stop();
            commitErrors = probe.errors();
        }
        closeConnections();
        MachineLoad.Load load = machine.since(mark.join());
        Thread.sleep(2000); // stragglers' notifications, and the backends' WAL statistics (sent every second)
        long[] totalsAfter = databaseTotals();
        listening.set(false);
        listener.join(2000);
        try (Statement statement = listen.createStatement()) {
            logStatementsSlowerThan(statement, SLOW_STATEMENT_MS);
        }
        listen.close();

        Stats lag = new Stats();
        int missing = 0;
        int early = 0;
        for (Map.Entry<String, Long> write : answered.entrySet()) {
            Long seen = notified.get(write.getKey());
            if (seen == null) {
                missing++;
                continue;
            }
            long delta = seen - write.getValue();
            if (delta < 0) {
                early++;
            }
            lag.add(Math.max(0, delta));
        }
        writeSamples(samples, sampleKeys, answered, notified);
        List<long[]> answeredWrites = samples.values().stream().filter(sample -> sample[2] == 200).toList();
        double windowStart = answeredWrites.stream().mapToDouble(sample -> sample[0]).min().orElse(0);
        double windowEnd = answeredWrites.stream().mapToDouble(sample -> sample[0] + sample[1] / 1e6).max().orElse(0);
        table.note(TailCauses.read(runDir.resolve("gc.log"), ServerProcess.databaseLogs(runDir))
                .explain(answeredWrites, 10, windowStart, windowEnd, OPEN_LOOP_SLOW_STATEMENT_MS));
        double achieved = latency.count() / (double) lagDuration;
        table.row(String.format("Write latency at %d writes/s (open loop, from due time)", rate),
                Table.p50p99(latency) + String.format(" (%.0f/s answered)", achieved),
                "durable INSERT alongside: " + Table.p50p99(commits) + ", max " + Table.ms(commits.maxMillis()),
                ratio(latency.p99Millis(), commits.p99Millis()) + " at p99", "p99 < 10 ms",
                latency.p99Millis() < 10, load);
        table.row("Projection lag, 200 answer → read model committed (NOTIFY received)", Table.p50p99(lag),
                null, null, "p99 < 50 ms", lag.count() > 0 && lag.p99Millis() < 50, load);
        table.note(String.format("Open loop: %d writes over %d workspaces, round robin; %d failed; %d of %d "
                        + "notifications not received within 2 s of the end; %d were received before the HTTP answer "
                        + "(counted as 0 lag). Lag includes the notification's trip to this driver's LISTEN "
                        + "connection, as any replica would get it.", rate * lagDuration, workspaces.size(),
                errors.get(), missing, answered.size(), early));
        table.note(String.format("Durable INSERT alongside (the write latency row's baseline): during the open loop, "
                + "one JDBC connection of this driver made a single-row autocommit INSERT into the same PostgreSQL "
                + "%d times a second, latency from when each was due, as the writes': %d measured, %d failed. A "
                + "WriteFile is one such durable commit plus everything above it, so a tail the baseline shares is "
                + "the disk's.", PROBE_RATE, commits.count(), commitErrors));
        double writes = total;
        table.note(String.format(Locale.ROOT, "Per write of the open loop (warm-up included; the durable INSERTs "
                        + "alongside included), PostgreSQL committed %.1f transactions (pg_stat_database) and wrote "
                        + "%.0f bytes of WAL in %.1f records, of which %.2f full-page images (pg_stat_wal).",
                (totalsAfter[3] - totalsBefore[3]) / writes, (totalsAfter[0] - totalsBefore[0]) / writes,
                (totalsAfter[1] - totalsBefore[1]) / writes, (totalsAfter[2] - totalsBefore[2]) / writes));
    }

    /**
     * PostgreSQL's totals since its statistics were last reset: WAL bytes, WAL records, full-page images, and the
     * transactions committed in all databases.
     */
    private long[] databaseTotals() throws SQLException {
        try (Connection connection = database();
             Statement statement = connection.createStatement();
             ResultSet wal = statement.executeQuery("select wal_bytes, wal_records, wal_fpi, "
                     + "(select sum(xact_commit) from pg_stat_database) from pg_stat_wal")) {
            wal.next();
            return new long[] {wal.getLong(1), wal.getLong(2), wal.getLong(3), wal.getLong(4)};
        }
    }

    /** INSERTs per second of the open loop's durable-commit baseline: a sample every 20 ms, next to no load. */
    private static final int PROBE_RATE = 50;

    /**
     * {@code open-loop.csv} in the run folder: one line per measured write (due time as epoch milliseconds, latency
     * and lag in microseconds, -1 when unknown), to line slow writes up with the server's GC log or a recording.
     */
    private void writeSamples(Map<Integer, long[]> samples, Map<Integer, String> keys, Map<String, Long> answered,
                              Map<String, Long> notified) {
        StringBuilder csv = new StringBuilder("index,due_epoch_ms,latency_us,status,lag_us\n");
        samples.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            long[] sample = entry.getValue();
            String key = keys.get(entry.getKey());
            Long answer = key == null ? null : answered.get(key);
            Long seen = key == null ? null : notified.get(key);
            long lag = answer == null || seen == null ? -1 : Math.max(0, seen - answer) / 1000;
            csv.append(entry.getKey()).append(',').append(sample[0]).append(',').append(sample[1] / 1000).append(',')
                    .append(sample[2]).append(',').append(lag).append('\n');
        });
        try {
            java.nio.file.Files.writeString(runDir.resolve("open-loop.csv"), csv);
        } catch (java.io.IOException e) {
            System.out.println("  could not write open-loop.csv: " + e);
        }
    }

    private static String normalise(String payload) {
        int colon = payload.indexOf(':');
        if (colon < 0) {
            return payload;
        }
        try {
            return UUID.fromString(payload.substring(0, colon)) + payload.substring(colon);
        } catch (IllegalArgumentException e) {
            return payload;
        }
    }

    private byte[] payload(long n) {
        byte[] content = new byte[bytes];
        byte[] head = ("write " + n + " " + System.nanoTime() + "\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < content.length; i++) {
            content[i] = i < head.length ? head[i] : (byte) ('a' + (i % 26));
        }
        return content;
    }

    private Connection database() throws SQLException {
        Connection connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "postgres");
        connection.setAutoCommit(true);
        return connection;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, wait / 1_000_000));
        }
    }

    private static String perSecond(double value, String unit) {
        return String.format(Locale.ROOT, "%.0f %s/s", value, unit);
    }

    private static String ratio(double measured, double baseline) {
        return String.format(Locale.ROOT, "%.1f×", measured / baseline);
    }
}
