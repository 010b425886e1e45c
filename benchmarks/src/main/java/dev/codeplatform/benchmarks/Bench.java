package dev.codeplatform.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The load driver: starts the platform's jar as a separate process on a free port with a fresh data folder, waits
 * for /api/health, runs the chosen suites ({@code -Dbench.suite=write|terminal|all}), stops the server with SIGTERM
 * and prints the results as Markdown (also written to {@code target/bench-<time>/results.md}).
 */
public final class Bench {

    private Bench() {
    }

    /** The server's data folder (database, sandboxes: hundreds of MB), unless something is still mounted below it. */
    private static void deleteData(Path data) throws IOException {
        String prefix = data.toAbsolutePath() + "/";
        if (!Files.exists(data) || Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .anyMatch(line -> line.contains(prefix))) {
            return;
        }
        try (Stream<Path> paths = Files.walk(data)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    // left in target/
                }
            });
        }
    }

    /** The embedded PostgreSQL's own log files, concatenated into the run folder (they go with the data folder). */
    private static void copyDatabaseLog(Path logs, Path copy) throws IOException {
        if (!Files.isDirectory(logs)) {
            return;
        }
        try (Stream<Path> files = Files.list(logs)) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.sorted().toList()) {
                all.append(Files.readString(file));
            }
            Files.writeString(copy, all);
        }
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        String suite = Config.string("bench.suite", "all");
        if (!List.of("write", "terminal", "all").contains(suite)) {
            throw new IllegalArgumentException("bench.suite must be write, terminal or all: " + suite);
        }
        Path target = Config.path("bench.target", "target");
        Path jar = Config.path("bench.jar", "../web-gateway/target/web-gateway-0.1.0-SNAPSHOT.jar");
        Path runDir = target.resolve("bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(runDir);
        long wallStart = System.nanoTime();
        System.out.printf("Benchmarks: suite %s, %d cores, server jar %s, run folder %s%n", suite,
                Runtime.getRuntime().availableProcessors(), jar, runDir);

        List<Table> tables = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(jar, runDir, Config.words("bench.server.jvmArgs"));
             MachineLoad machine = new MachineLoad(server.pid(), server::postmasterPid)) {
            if (suite.equals("write") || suite.equals("all")) {
                try {
                    tables.add(new WriteSuite(server, machine, runDir).run());
                } catch (Exception e) {
                    failures.add("write: " + e);
                    e.printStackTrace(System.out);
                }
            }
            if (suite.equals("terminal") || suite.equals("all")) {
                try {
                    tables.add(new TerminalSuite(server, machine, runDir).run());
                } catch (Exception e) {
                    failures.add("terminal: " + e);
                    e.printStackTrace(System.out);
                }
            }
        }
        double minutes = (System.nanoTime() - wallStart) / 60e9;
        copyDatabaseLog(ServerProcess.databaseLogs(runDir), runDir.resolve("postgres.log"));
        if (!Boolean.parseBoolean(Config.string("bench.keepData", "false"))) {
            deleteData(ServerProcess.dataDir(runDir));
        }

        StringBuilder report = new StringBuilder();
        report.append("## Benchmark results (").append(LocalDateTime.now().withNano(0)).append(", suite ")
                .append(suite).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(String.format("%.1f min", minutes)).append(")\n\n");
        tables.forEach(table -> report.append(table.markdown()).append('\n'));
        if (!failures.isEmpty()) {
            report.append("**Failed:** ").append(String.join("; ", failures)).append('\n');
        }
        Files.writeString(runDir.resolve("results.md"), report);
        System.out.println();
        System.out.println(report);
        System.out.println("(also in " + runDir.resolve("results.md") + ")");
        if (!failures.isEmpty()) {
            System.exit(1);
        }
    }
}
