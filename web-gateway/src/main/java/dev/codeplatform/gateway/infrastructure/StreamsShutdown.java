package dev.codeplatform.gateway.infrastructure;

import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Ends the long-lived streams (terminal sockets, session status events) when the platform stops, right before the
 * web server's graceful shutdown waits for the requests still active: these never end by themselves, so it used to
 * wait its whole timeout for them and then cut them. Terminal sockets close as "going away" (1001) and event streams
 * complete, so clients know the platform left rather than lost the connection.
 */
@Component
public class StreamsShutdown implements SmartLifecycle {

    private final Sinks.Empty<Void> stopping = Sinks.empty();
    private volatile boolean running;

    /** Completes when the platform starts to stop. */
    public Mono<Void> stopping() {
        return stopping.asMono();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        stopping.tryEmitEmpty();
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
