package dev.codeplatform.gateway.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeplatform.execution.Terminal;
import dev.codeplatform.execution.saga.SessionActivity;
import dev.codeplatform.execution.sync.LiveEnvironment;
import dev.codeplatform.gateway.infrastructure.StreamsShutdown;
import dev.codeplatform.schema.ids.SessionId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Terminal connections, already authorised by {@link TerminalEndpoint}: relays output frames to the client
 * and the client's input, resize and pause/resume frames to the shared shell. Nothing here blocks the event loop:
 * starting a shell and typing into a full input buffer run on a shared pool, in order per connection.
 */
@Component
class TerminalHandler {

    private static final Logger log = LoggerFactory.getLogger(TerminalHandler.class);
    private static final int MAX_DIMENSION = 1000;

    private final TerminalHub hub;
    private final SessionActivity activity;
    private final ObjectMapper json;
    private final StreamsShutdown shutdown;
    private final Scheduler ptyWrites = Schedulers.newBoundedElastic(8, 100_000, "pty-writes");

    TerminalHandler(TerminalHub hub, SessionActivity activity, ObjectMapper json, StreamsShutdown shutdown) {
        this.hub = hub;
        this.activity = activity;
        this.json = json;
        this.shutdown = shutdown;
    }

    private record Attachment(SessionId session, SharedTerminal shared, SharedTerminal.Viewer viewer) {
    }

    /**
     * The viewer a connection attached, detached exactly once: when the connection ends, or at once if it ended
     * while the attachment was being made (the viewer would otherwise stay and could hold the shell's output back).
     */
    private static final class AttachedViewer {
        private Attachment attachment;
        private boolean ended;

        synchronized boolean keep(Attachment made) {
            if (ended) {
                made.shared().detach(made.viewer());
                return false;
            }
            attachment = made;
            return true;
        }

        synchronized void end() {
            ended = true;
            if (attachment != null) {
                attachment.shared().detach(attachment.viewer());
                attachment = null;
            }
        }
    }

    /** A session whose environment runs: attach at once. */
    Mono<Void> handle(WebSocketSession socket, LiveEnvironment environment, boolean mayType) {
        return relay(socket, environment.sessionId(), Flux.empty(),
                Mono.just(new StartingSessions.Running(environment)), mayType);
    }

    /**
     * A session still starting: say so, then attach as soon as its environment runs; or pass on how the session
     * ended, and close.
     */
    Mono<Void> handleStarting(WebSocketSession socket, SessionId session, Mono<StartingSessions.Outcome> start,
                              boolean mayType) {
        return relay(socket, session, Flux.just(Frames.status("starting")), start, mayType);
    }

    /**
     * Only the output side subscribes to {@code start}, so a client that leaves cancels the wait with it. The input
     * side listens from the first moment, so frames sent right after the upgrade are neither lost nor reordered: they
     * wait for the attachment the output side makes.
     */
    private Mono<Void> relay(WebSocketSession socket, SessionId session, Flux<byte[]> beforeStart,
                             Mono<StartingSessions.Outcome> start, boolean mayType) {
        AttachedViewer attached = new AttachedViewer();
        Sinks.One<Attachment> attachment = Sinks.one();
        // Netty releases a frame's buffer once this callback returns, so copy it first.
        Mono<Void> input = socket.receive()
                .filter(message -> message.getType() == WebSocketMessage.Type.BINARY)
                .map(TerminalHandler::bytes)
                .concatMap(frame -> attachment.asMono().flatMap(terminal -> onFrame(frame, terminal)))
                .then();
        Flux<byte[]> afterStart = start.flatMapMany(outcome -> {
            if (outcome instanceof StartingSessions.Ended ended) {
                return Flux.just(ended.lastFrame());
            }
            return attach(((StartingSessions.Running) outcome).environment(), mayType, attached)
                    .doOnNext(attachment::tryEmitValue)
                    .flatMapMany(terminal -> Flux.concat(Flux.just(Frames.status("ready")),
                            terminal.viewer().frames()));
        });
        // Output ends when the shell exits or the session ended before it got one: the server closes, normally. Or
        // the platform stops: it closes as going away. The close follows the last frame on the same outbound.
        Mono<Void> output = socket.send(Flux.concat(beforeStart, afterStart)
                        .takeUntilOther(shutdown.stopping().thenReturn(true))
                        .map(frame -> socket.binaryMessage(factory -> factory.wrap(frame))))
                .then(Mono.defer(() -> socket.close(shutdown.isRunning() ? CloseStatus.NORMAL
                        : CloseStatus.GOING_AWAY)));
        return shutdown.counted(Mono.firstWithSignal(output, input))
                .doFinally(signal -> attached.end())
                .onErrorResume(error -> {
                    log.warn("Terminal of session {} failed", session, error);
                    return socket.send(Mono.just(socket.binaryMessage(factory -> factory.wrap(
                            Frames.error("The terminal could not be started: " + error.getMessage())))));
                });
    }

    /** Attaching may start the shell, which blocks: off the event loop. Empty if the connection ended meanwhile. */
    private Mono<Attachment> attach(LiveEnvironment environment, boolean mayType, AttachedViewer attached) {
        return Mono.fromCallable(() -> {
                    SharedTerminal shared = hub.open(environment);
                    return new Attachment(environment.sessionId(), shared, shared.attach(mayType));
                })
                .subscribeOn(ptyWrites)
                .filter(attached::keep);
    }

    private static byte[] bytes(WebSocketMessage message) {
        byte[] bytes = new byte[message.getPayload().readableByteCount()];
        message.getPayload().read(bytes);
        return bytes;
    }

    /** Handled on the network thread when that cannot block; only typing into a full input buffer goes elsewhere. */
    private Mono<Void> onFrame(byte[] frame, Attachment terminal) {
        SharedTerminal shared = terminal.shared();
        SharedTerminal.Viewer viewer = terminal.viewer();
        if (frame.length == 0) {
            return Mono.empty();
        }
        switch (frame[0]) {
            case Frames.INPUT -> {
                if (viewer.mayType()) {
                    activity.touch(terminal.session());
                    return type(shared.terminal(), frame, 1);
                }
            }
            case Frames.RESIZE -> {
                if (viewer.mayType()) {
                    resize(shared, Arrays.copyOfRange(frame, 1, frame.length));
                }
            }
            case Frames.PAUSE -> viewer.clientPaused(true);
            case Frames.RESUME -> viewer.clientPaused(false);
            default -> log.debug("Ignoring terminal frame of unknown type {}", frame[0]);
        }
        return Mono.empty();
    }

    /**
     * A keystroke goes straight to the PTY: no hop to another thread on the echo's path. What the PTY does not take at
     * once (a paste into a program that is not reading) is written by the pool, which may wait; later frames wait
     * behind it, so input keeps its order.
     */
    private Mono<Void> type(Terminal terminal, byte[] frame, int from) {
        int taken;
        try {
            taken = terminal.typeNow(frame, from, frame.length - from);
        } catch (IOException e) {
            return Mono.error(new UncheckedIOException(e));
        }
        int rest = from + taken;
        if (rest == frame.length) {
            return Mono.empty();
        }
        return Mono.<Void>fromRunnable(() -> {
            try {
                terminal.input().write(frame, rest, frame.length - rest);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).subscribeOn(ptyWrites);
    }

    private void resize(SharedTerminal shared, byte[] body) {
        try {
            JsonNode size = json.readTree(body);
            int cols = size.path("cols").asInt(0);
            int rows = size.path("rows").asInt(0);
            if (cols > 0 && rows > 0 && cols <= MAX_DIMENSION && rows <= MAX_DIMENSION) {
                shared.terminal().resize(cols, rows);
            }
        } catch (IOException e) {
            log.debug("Ignoring a malformed resize frame");
        }
    }
}
