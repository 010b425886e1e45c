package dev.codeplatform.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform, started as its own process: {@code java -jar web-gateway.jar} on a free port with a fresh data folder
 * and a fixed port for its embedded PostgreSQL (so the driver can reach the same database over JDBC). Stopped with
 * SIGTERM, as an operator would.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final int databasePort;
    private final Path dataDir;
    private final Path log;
    private Path jarCopy;

    private ServerProcess(Process process, int port, int databasePort, Path dataDir, Path log) {
        this.process = process;
        this.port = port;
        this.databasePort = databasePort;
        this.dataDir = dataDir;
        this.log = log;
    }

    static ServerProcess start(Path jar, Path runDir, List<String> jvmArgs) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No server jar at " + jar + ": build it first (mvn -pl benchmarks -am ... "
                    + "builds web-gateway's jar at its package phase) or pass -Dbench.jar=<path>");
        }
        // Run a private copy: the build (or a colleague's) may rewrite the jar while the server still loads classes.
        Path copy = runDir.resolve("server.jar");
        Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int port = freePort();
        int databasePort = freePort();
        Path dataDir = dataDir(runDir);
        Files.createDirectories(dataDir);
        Path log = runDir.resolve("server.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // every pause with its wall-clock time, to line up with open-loop.csv's slow writes
        command.add("-Xlog:gc:file=" + runDir.resolve("gc.log") + ":time,uptime");
        command.addAll(jvmArgs);
        command.add("-Daxoniq.update-checker.disabled=true");
        command.add("-jar");
        command.add(copy.toString());
        command.add("--server.port=" + port);
        command.add("--platform.data-dir=" + dataDir);
        command.add("--platform.database.embedded-port=" + databasePort);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServerProcess server = new ServerProcess(process, port, databasePort, dataDir, log);
        server.jarCopy = copy;
        long started = System.nanoTime();
        server.awaitHealthy(Duration.ofMinutes(3));
        System.out.printf("Server pid %d up on port %d (database port %d) after %.1f s; log %s%n", process.pid(), port,
                databasePort, (System.nanoTime() - started) / 1e9, log);
        return server;
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited with " + process.exitValue() + " before it was "
                        + "healthy; see " + log);
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base() + Api.HEALTH_PATH))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("UP")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The server was not healthy after " + timeout.toSeconds() + " s; see " + log);
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    String webSocketBase() {
        return "ws://127.0.0.1:" + port;
    }

    /** The server's data folder in a run folder (embedded PostgreSQL, sandboxes). */
    static Path dataDir(Path runDir) {
        return runDir.resolve("data");
    }

    /** The embedded PostgreSQL's own log files (its logging collector's folder). */
    static Path databaseLogs(Path runDir) {
        return dataDir(runDir).resolve("postgres/log");
    }

    int pid() {
        return (int) process.pid();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres";
    }

    /** The embedded PostgreSQL's postmaster (pg_ctl detaches it from the JVM), or -1. */
    int postmasterPid() {
        try {
            return Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code jcmd <pid> <command...>}'s output. */
    String jcmd(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        command.add(Long.toString(process.pid()));
        command.addAll(List.of(arguments));
        Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    /** Seconds the server's JIT compilers have worked so far ({@code jstat -compiler}'s Time), or -1. */
    double jitSeconds() throws IOException, InterruptedException {
        Process jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(),
                "-compiler", Long.toString(process.pid())).redirectErrorStream(true).start();
        String[] lines = new String(jstat.getInputStream().readAllBytes()).trim().split("\n");
        jstat.waitFor(60, TimeUnit.SECONDS);
        String[] columns = lines[lines.length - 1].trim().split("\\s+");
        try {
            return Double.parseDouble(columns[3]);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    /** Heap used in KiB after a full GC (jcmd GC.run, then GC.heap_info), or -1. */
    long heapUsedAfterGcKiB() throws IOException, InterruptedException {
        jcmd("GC.run");
        Thread.sleep(300);
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(2)) : -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            long started = System.nanoTime();
            process.destroy(); // SIGTERM: graceful shutdown stops the sandboxes and the embedded database
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                System.out.println("The server did not stop within 90 s of SIGTERM; killing it");
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            System.out.printf("Server stopped %.1f s after SIGTERM (exit %d)%n", (System.nanoTime() - started) / 1e9,
                    process.exitValue());
        }
        try {
            Files.deleteIfExists(jarCopy);
        } catch (IOException e) {
            // left in target/
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
