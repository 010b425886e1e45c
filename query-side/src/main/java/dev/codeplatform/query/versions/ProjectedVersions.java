package dev.codeplatform.query.versions;

import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Read-your-writes: lets a reader wait until a read model has applied a given aggregate version.
 *
 * <p>Projections {@link #applyAndAnnounce announce} each version with {@code pg_notify} inside their transaction, so the
 * notification goes out exactly when the row commits, to every replica listening. A slow poll backs the
 * notification up (a dropped LISTEN connection must not turn into 5-second waits).
 */
public class ProjectedVersions implements AutoCloseable {

    static final String CHANNEL = "projected_version";
    private static final Logger log = LoggerFactory.getLogger(ProjectedVersions.class);
    private static final Duration POLL = Duration.ofMillis(250);

    private final DatabaseClient database;
    private final ConnectionFactory connections;
    private final Duration maxWait;
    private final ConcurrentMap<UUID, Sinks.Many<Long>> announcements = new ConcurrentHashMap<>();
    private volatile Disposable listening;

    public ProjectedVersions(DatabaseClient database, ConnectionFactory connections, Duration maxWait) {
        this.database = database;
        this.connections = connections;
        this.maxWait = maxWait;
    }

    /**
     * Called by projections inside their transaction: runs {@code change} (an INSERT or UPDATE of the aggregate's
     * row, with its {@code arguments}) and, if it changed the row, announces {@code version}, in one statement.
     * Answers whether it changed the row. The announcement is delivered to listeners when the transaction commits.
     */
    public static boolean applyAndAnnounce(JdbcTemplate jdbc, UUID aggregateId, long version, String change,
                                           Object... arguments) {
        Object[] all = Arrays.copyOf(arguments, arguments.length + 2);
        all[arguments.length] = CHANNEL;
        all[arguments.length + 1] = aggregateId + ":" + version;
        return !jdbc.queryForList("with changed as (" + change + " returning 1) select pg_notify(?, ?) from changed",
                all).isEmpty();
    }

    /** Starts listening for announcements; keeps a dedicated connection, reconnecting when it drops. */
    public void start() {
        listening = Mono.usingWhen(connections.create(), this::listen, Connection::close)
                .doOnError(error -> log.warn("Lost the {} LISTEN connection, reconnecting: {}", CHANNEL, error.toString()))
                .retryWhen(reactor.util.retry.Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
                        .maxBackoff(Duration.ofSeconds(5)))
                .subscribe();
    }

    private Mono<Void> listen(Connection connection) {
        PostgresqlConnection postgres = unwrap(connection);
        return postgres.createStatement("LISTEN " + CHANNEL).execute()
                .flatMap(result -> result.getRowsUpdated())
                .thenMany(postgres.getNotifications())
                .doOnNext(notification -> onAnnouncement(notification.getParameter()))
                .then(Mono.error(new IllegalStateException("notification stream ended")));
    }

    private static PostgresqlConnection unwrap(Connection connection) {
        Object current = connection;
        while (!(current instanceof PostgresqlConnection) && current instanceof Wrapped<?> wrapped) {
            current = wrapped.unwrap();
        }
        if (current instanceof PostgresqlConnection postgres) {
            return postgres;
        }
        throw new IllegalStateException("LISTEN needs a PostgreSQL R2DBC connection, got " + connection.getClass());
    }

    private void onAnnouncement(String payload) {
        int colon = payload == null ? -1 : payload.indexOf(':');
        if (colon < 0) {
            return;
        }
        Sinks.Many<Long> sink = announcements.get(UUID.fromString(payload.substring(0, colon)));
        if (sink != null) {
            sink.tryEmitNext(Long.parseLong(payload.substring(colon + 1)));
        }
    }

    /**
     * Completes once {@code model} reflects at least {@code minVersion} of the aggregate, or fails with
     * NOT_YET_VISIBLE after the bounded wait. A version of 0 or less never waits.
     */
    public Mono<Void> awaitVersion(ReadModel model, UUID aggregateId, long minVersion) {
        if (minVersion <= 0) {
            return Mono.empty();
        }
        Mono<Boolean> reached = current(model, aggregateId).map(version -> version >= minVersion);
        // A poll that comes while the previous check still runs is dropped: slow checks must not pile ticks up
        // until the interval overflows (it did, on a loaded machine).
        Flux<Boolean> wakeUps = Flux.merge(announced(aggregateId).map(version -> version >= minVersion),
                Flux.interval(POLL).onBackpressureDrop().concatMap(tick -> reached));
        // Check after subscribing to announcements, so a commit between the check and the wait is not missed.
        return Flux.merge(wakeUps, reached)
                .filter(Boolean::booleanValue)
                .next()
                .timeout(maxWait, Mono.error(() -> new Rejection(RejectionCode.NOT_YET_VISIBLE,
                        "The change (version " + minVersion + ") is not visible yet; try again")))
                .then();
    }

    /**
     * Ticks whenever the aggregate may have changed: on each announcement, and on the slow poll as a backstop.
     * For pushing changes to clients (server-sent events). Poll ticks a slow subscriber has no room for are dropped.
     */
    public Flux<Long> changes(UUID aggregateId) {
        return Flux.merge(announced(aggregateId),
                Flux.interval(Duration.ofSeconds(1)).onBackpressureDrop().map(tick -> 0L));
    }

    /** The versions announced for one aggregate; the last subscriber leaving drops its sink. */
    private Flux<Long> announced(UUID aggregateId) {
        return Flux.defer(() -> {
            Sinks.Many<Long> sink = announcements.computeIfAbsent(aggregateId,
                    id -> Sinks.many().multicast().directBestEffort());
            return sink.asFlux().doFinally(signal -> {
                if (sink.currentSubscriberCount() == 0) {
                    announcements.remove(aggregateId, sink);
                }
            });
        });
    }

    private Mono<Long> current(ReadModel model, UUID aggregateId) {
        return database.sql(model.versionQuery()).bind(0, aggregateId)
                .map(row -> row.get(0, Long.class))
                .one()
                .defaultIfEmpty(0L);
    }

    @Override
    public void close() {
        Disposable current = listening;
        if (current != null) {
            current.dispose();
        }
    }
}
