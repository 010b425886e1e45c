package dev.codeplatform.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The machine's own durable-commit latency while a measurement runs beside it: one autocommit single-row INSERT into
 * the same PostgreSQL, on a schedule ({@code rate} per second, latency from when each was due, as the open loop's
 * writes), over one JDBC connection of its own. A WriteFile is one durable commit plus everything above it, so when
 * the disk holds commits back, this baseline shows it in the same window, whatever the platform does.
 */
final class CommitProbe implements AutoCloseable {

    private static final String TABLE = "bench_commit_probe";

    private final Connection connection;
    private final Stats latency = new Stats();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private CommitProbe(Connection connection, int rate, long measureFrom) throws SQLException {
        this.connection = connection;
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop table if exists " + TABLE);
            statement.execute("create table " + TABLE + " (id bigserial primary key, payload bytea not null)");
        }
        PreparedStatement insert = connection.prepareStatement("insert into " + TABLE + " (payload) values (?)");
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        byte[] payload = new byte[256];
        thread = new Thread(() -> {
            long due = System.nanoTime();
            while (running.get()) {
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                try {
                    insert.setBytes(1, payload);
                    insert.executeUpdate();
                    if (due >= measureFrom) {
                        latency.add(System.nanoTime() - due);
                    }
                } catch (SQLException e) {
                    if (due >= measureFrom) {
                        errors.incrementAndGet();
                    }
                }
                due += period;
            }
        }, "commit-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts probing now, on {@code connection} (autocommit), which {@link #close} closes; the INSERTs due from
     * {@code measureFrom} ({@link System#nanoTime()}) on are measured.
     */
    static CommitProbe start(Connection connection, int rate, long measureFrom) throws SQLException {
        return new CommitProbe(connection, rate, measureFrom);
    }

    /** Stops probing: the measured INSERTs' latencies from their due times. */
    Stats stop() throws InterruptedException {
        running.set(false);
        thread.join(TimeUnit.SECONDS.toMillis(5));
        return latency;
    }

    /** Measured INSERTs that failed. */
    long errors() {
        return errors.get();
    }

    /** Stops probing if it still is, drops the probe's table and closes its connection. */
    @Override
    public void close() throws SQLException, InterruptedException {
        stop();
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop table if exists " + TABLE);
        } finally {
            connection.close();
        }
    }
}
