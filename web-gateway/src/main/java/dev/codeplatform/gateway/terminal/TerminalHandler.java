package dev.codeplatform.gateway.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeplatform.execution.Terminal;
import dev.codeplatform.execution.saga.SessionActivity;
import dev.codeplatform.execution.sync.LiveEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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
    private final Scheduler ptyWrites = Schedulers.newBoundedElastic(8, 100_000, "pty-writes");

    TerminalHandler(TerminalHub hub, SessionActivity activity, ObjectMapper json) {
        this.hub = hub;
        this.activity = activity;
        this.json = json;
    }

    private record Attachment(SharedTerminal shared, SharedTerminal.Viewer viewer) {
    }

    Mono<Void> handle(WebSocketSession socket, LiveEnvironment environment, boolean mayType) {
        AtomicReference<Attachment> attached = new AtomicReference<>();
        // Attaching may start the shell, which blocks: done once, off the event loop.
        Mono<Attachment> attachment = Mono.fromCallable(() -> {
                    SharedTerminal shared = hub.open(environment);
                    Attachment created = new Attachment(shared, shared.attach(mayType));
                    attached.set(created);
                    return created;
                })
                .subscribeOn(ptyWrites)
                .cache();
        // Listen from the first moment, so frames sent right after the upgrade are neither lost nor reordered: they
        // wait for the attachment. Netty releases a frame's buffer once this callback returns, so copy it first.
        Mono<Void> input = socket.receive()
                .filter(message -> message.getType() == WebSocketMessage.Type.BINARY)
                .map(TerminalHandler::bytes)
                .concatMap(frame -> attachment.flatMap(
                        terminal -> onFrame(frame, terminal.shared(), terminal.viewer(), environment)))
                .then();
        Mono<Void> output = socket.send(attachment
                .flatMapMany(terminal -> Flux.concat(Flux.just(Frames.status("ready")), terminal.viewer().frames()))
                .map(frame -> socket.binaryMessage(factory -> factory.wrap(frame))));
        return Mono.firstWithSignal(output, input)
                .doFinally(signal -> {
                    Attachment terminal = attached.get();
                    if (terminal != null) {
                        terminal.shared().detach(terminal.viewer());
                    }
                })
                .onErrorResume(error -> {
                    log.warn("Terminal of session {} failed", environment.sessionId(), error);
                    return socket.send(Mono.just(socket.binaryMessage(factory -> factory.wrap(
                            Frames.error("The terminal could not be started: " + error.getMessage())))));
                });
    }

    private static byte[] bytes(WebSocketMessage message) {
        byte[] bytes = new byte[message.getPayload().readableByteCount()];
        message.getPayload().read(bytes);
        return bytes;
    }

    /** Handled on the network thread when that cannot block; only typing into a full input buffer goes elsewhere. */
    private Mono<Void> onFrame(byte[] frame, SharedTerminal shared, SharedTerminal.Viewer viewer,
                               LiveEnvironment environment) {
        if (frame.length == 0) {
            return Mono.empty();
        }
        switch (frame[0]) {
            case Frames.INPUT -> {
                if (viewer.mayType()) {
                    activity.touch(environment.sessionId());
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
