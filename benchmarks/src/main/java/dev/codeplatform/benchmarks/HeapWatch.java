package dev.codeplatform.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The server's memory while something runs: heap used ({@code jstat -gc <pid> 200}: one attach, then it reads the
 * JVM's perf-data counters, so sampling costs next to nothing) and RSS ({@code /proc/<pid>/status}), both every 200 ms.
 */
final class HeapWatch implements AutoCloseable {

    private final long pid;
    private final Process jstat;
    private volatile long maxHeapKiB = -1;
    private volatile long firstHeapKiB = -1;
    private volatile long maxRssKiB = -1;
    private volatile int samples;
    private volatile boolean running = true;
    private final Thread rss;

    HeapWatch(long pid) throws IOException, InterruptedException {
        this.pid = pid;
        jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
                Long.toString(pid), "200").redirectErrorStream(true).start();
        Thread reader = new Thread(this::readJstat, "jstat-reader");
        reader.setDaemon(true);
        reader.start();
        rss = new Thread(() -> {
            while (running) {
                maxRssKiB = Math.max(maxRssKiB, MachineLoad.rssKiB(pid));
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        rss.setDaemon(true);
        rss.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (samples == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50); // jstat attached and printed a first sample
        }
    }

    private void readJstat() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
            List<String> header = null;
            String line;
            while ((line = lines.readLine()) != null) {
                String[] fields = line.trim().split("\\s+");
                if (line.contains("S0C")) {
                    header = Arrays.asList(fields);
                    continue;
                }
                if (header == null || fields.length != header.size()) {
                    continue;
                }
                double used = 0;
                for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                    used += Double.parseDouble(fields[header.indexOf(column)]);
                }
                long kib = (long) used;
                if (firstHeapKiB < 0) {
                    firstHeapKiB = kib;
                }
                maxHeapKiB = Math.max(maxHeapKiB, kib);
                samples++;
            }
        } catch (IOException | RuntimeException e) {
            // jstat ended
        }
    }

    long firstHeapKiB() {
        return firstHeapKiB;
    }

    long maxHeapKiB() {
        return maxHeapKiB;
    }

    long maxRssKiB() {
        return maxRssKiB;
    }

    int samples() {
        return samples;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        rss.interrupt();
        jstat.destroy();
        jstat.waitFor();
    }
}
