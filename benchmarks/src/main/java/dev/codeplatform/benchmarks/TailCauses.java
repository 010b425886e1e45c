package dev.codeplatform.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Why the slowest writes of the open loop were slow, from what the server logged while they ran: its GC pauses
 * ({@code gc.log}, written with wall-clock times) and the COMMITs its PostgreSQL logged as slow
 * ({@code log_min_duration_statement}): a durable COMMIT waits for its WAL flush, so a slow one is the disk.
 * A write is put down to the first of these whose interval overlaps its own (from when it was due to its answer).
 * Whether a checkpoint was writing pages out during the window is said too.
 */
final class TailCauses {

    /** {@code [2026-11-26T04:29:16.123+0000][73.198s] GC(42) Pause Young (Normal) (...) 299M->105M(364M) 16.654ms}. */
    private static final Pattern GC_PAUSE = Pattern.compile(
            "^\\[(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+[+-]\\d{4})\\]\\[[\\d.]+s\\] GC\\(\\d+\\) Pause .* (\\d+\\.\\d+)ms$");
    private static final DateTimeFormatter GC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    /** The start of a PostgreSQL log line (its default prefix, {@code %m [%p] }), the time as group 1. */
    private static final String DATABASE_LOG_LINE =
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) UTC \\[\\d+\\] LOG:  ";
    /** {@code 2026-11-26 04:37:15.673 UTC [7976] LOG:  duration: 24.991 ms  execute S_1: COMMIT}. */
    private static final Pattern SLOW_COMMIT = Pattern.compile(
            DATABASE_LOG_LINE + "duration: (\\d+\\.\\d+) ms  execute \\S+: COMMIT$");
    /** {@code 2026-11-26 05:46:40.665 UTC [5450] LOG:  checkpoint starting: time} (or {@code complete: ...}). */
    private static final Pattern CHECKPOINT = Pattern.compile(DATABASE_LOG_LINE + "checkpoint (starting|complete):.*");
    private static final DateTimeFormatter PG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /** A stretch of the server's time (a pause, a slow COMMIT, a checkpoint), in epoch milliseconds. */
    record Stall(double start, double end) {
        boolean overlaps(double from, double to) {
            return start <= to && end >= from;
        }
    }

    private final List<Stall> pauses;
    private final List<Stall> commits;
    /** From a checkpoint's start to its completion: it writes the changed pages out meanwhile. */
    private final List<Stall> checkpoints;

    private TailCauses(List<Stall> pauses, List<Stall> commits, List<Stall> checkpoints) {
        this.pauses = pauses;
        this.commits = commits;
        this.checkpoints = checkpoints;
    }

    static TailCauses read(Path gcLog, Path databaseLogs) throws IOException {
        List<Stall> pauses = new ArrayList<>();
        if (Files.isRegularFile(gcLog)) {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = GC_PAUSE.matcher(line);
                if (m.matches()) {
                    double end = OffsetDateTime.parse(m.group(1), GC_TIME).toInstant().toEpochMilli();
                    pauses.add(new Stall(end - Double.parseDouble(m.group(2)), end));
                }
            }
        }
        List<Stall> commits = new ArrayList<>();
        List<Stall> checkpoints = new ArrayList<>();
        if (Files.isDirectory(databaseLogs)) {
            double checkpointStart = -1;
            try (Stream<Path> files = Files.list(databaseLogs)) {
                for (Path file : files.sorted().toList()) {
                    for (String line : Files.readAllLines(file)) {
                        Matcher commit = SLOW_COMMIT.matcher(line);
                        if (commit.matches()) {
                            double end = databaseTime(commit.group(1));
                            commits.add(new Stall(end - Double.parseDouble(commit.group(2)), end));
                        }
                        Matcher checkpoint = CHECKPOINT.matcher(line);
                        if (checkpoint.matches() && checkpoint.group(2).equals("starting")) {
                            checkpointStart = databaseTime(checkpoint.group(1));
                        } else if (checkpoint.matches() && checkpointStart >= 0) {
                            checkpoints.add(new Stall(checkpointStart, databaseTime(checkpoint.group(1))));
                            checkpointStart = -1;
                        }
                    }
                }
            }
        }
        return new TailCauses(pauses, commits, checkpoints);
    }

    private static double databaseTime(String time) {
        return LocalDateTime.parse(time, PG_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /**
     * One sentence on the writes slower than {@code thresholdMillis} among {@code writes} (each {due epoch ms,
     * latency ns}), for the window {@code [from, to]} (epoch ms).
     */
    String explain(List<long[]> writes, double thresholdMillis, double from, double to, double slowCommitMillis) {
        int slow = 0;
        int duringPause = 0;
        int duringCommit = 0;
        for (long[] write : writes) {
            double latency = write[1] / 1e6;
            if (latency <= thresholdMillis) {
                continue;
            }
            slow++;
            double start = write[0];
            double end = start + latency;
            if (pauses.stream().anyMatch(p -> p.overlaps(start, end))) {
                duringPause++;
            } else if (commits.stream().anyMatch(c -> c.overlaps(start, end))) {
                duringCommit++;
            }
        }
        List<Stall> windowPauses = pauses.stream().filter(p -> p.overlaps(from, to)).toList();
        List<Stall> windowCommits = commits.stream().filter(c -> c.overlaps(from, to)).toList();
        return String.format(Locale.ROOT, "Writes over %.0f ms in the open loop: %d of %d. %d ran during a GC pause "
                        + "(%d pauses in the window, longest %.1f ms); %d during a COMMIT that PostgreSQL logged as "
                        + "slower than %.0f ms, i.e. a slow WAL flush to disk (%d such COMMITs, longest %.1f ms); %d "
                        + "during neither.", thresholdMillis, slow, writes.size(), duringPause, windowPauses.size(),
                longest(windowPauses), duringCommit, slowCommitMillis, windowCommits.size(), longest(windowCommits),
                slow - duringPause - duringCommit)
                + (checkpoints.stream().anyMatch(c -> c.overlaps(from, to))
                        ? " A checkpoint was writing pages out during the window." : " No checkpoint ran during it.");
    }

    private static double longest(List<Stall> stalls) {
        return stalls.stream().mapToDouble(s -> s.end() - s.start()).max().orElse(0);
    }
}
