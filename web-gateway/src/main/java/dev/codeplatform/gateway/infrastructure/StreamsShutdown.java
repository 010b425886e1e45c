package dev.codeplatform.gateway.infrastructure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Ends the long-lived streams (terminal sockets, session status events) when the platform stops, right before the
 * web server's graceful shutdown: these never end by themselves, so it used to wait its whole timeout for them and
 * then cut them. Terminal sockets close as "going away" (1001) and event streams complete, so clients know the
 * platform left rather than lost the connection. The graceful shutdown does not count upgraded connections as active
 * requests, so this phase itself waits for the sockets it told to close to have sent their close frame.
 */
@Component
public class StreamsShutdown implements SmartLifecycle {

    private final Sinks.Empty<Void> stopping = Sinks.empty();
    private final AtomicInteger openSockets = new AtomicInteger();
    /** Completes once the platform stops and no counted socket is open any more. */
    private final CompletableFuture<Void> socketsClosed = new CompletableFuture<>();
    private volatile boolean running;

    /** Completes when the platform starts to stop. */
    public Mono<Void> stopping() {
        return stopping.asMono();
    }

    /** A socket's handling, counted while it runs: stopping waits for it to end (within the phase's timeout). */
    public Mono<Void> counted(Mono<Void> socket) {
        return Mono.defer(() -> {
            openSockets.incrementAndGet();
            return socket.doFinally(signal -> {
                if (openSockets.decrementAndGet() == 0 && !running) {
                    socketsClosed.complete(null);
                }
            });
        });
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    @Override
    public void stop(Runnable callback) {
        running = false;
        stopping.tryEmitEmpty();
        if (openSockets.get() == 0) {
            socketsClosed.complete(null);
        }
        socketsClosed.thenRun(callback);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the graceful shutdown of the web server (a higher phase stops earlier). */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
    }
}
