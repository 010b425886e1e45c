package dev.codeplatform.gateway.terminal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

/** A real WebSocket client speaking the terminal protocol: collects output and events, sends frames. */
final class TerminalClient implements AutoCloseable {

    private static final int KEPT_OUTPUT = 4 << 20;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();
    private final Sinks.Many<byte[]> outgoing = Sinks.many().unicast().onBackpressureBuffer();
    private final CompletableFuture<CloseStatus> closeStatus = new CompletableFuture<>();
    private final Disposable connection;

    private TerminalClient(URI uri) {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        connection = new ReactorNettyWebSocketClient().execute(uri, socket -> {
                    opened.complete(null);
                    socket.closeStatus().subscribe(closeStatus::complete);
                    var send = socket.send(outgoing.asFlux().map(frame -> socket.binaryMessage(f -> f.wrap(frame))));
                    var receive = socket.receive().doOnNext(this::onMessage).then();
                    return reactor.core.publisher.Mono.firstWithSignal(send, receive);
                })
                .subscribe(ignored -> { }, closeStatus::completeExceptionally);
        opened.orTimeout(30, TimeUnit.SECONDS).join();
    }

    static TerminalClient connect(URI uri) {
        return new TerminalClient(uri);
    }

    private synchronized void onMessage(WebSocketMessage message) {
        byte[] bytes = new byte[message.getPayload().readableByteCount()];
        message.getPayload().read(bytes);
        if (bytes.length > 0 && bytes[0] == 0x00) {
            output.write(bytes, 1, bytes.length - 1);
            if (output.size() > KEPT_OUTPUT * 2) {
                // A flood must not fill the test's memory: keep the most recent output only.
                byte[] all = output.toByteArray();
                output.reset();
                output.write(all, all.length - KEPT_OUTPUT, KEPT_OUTPUT);
            }
        } else if (bytes.length > 0 && bytes[0] == 0x01) {
            events.add(new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8));
        }
        notifyAll();
    }

    /** Whether a line of the output, control sequences and carriage returns removed, is exactly {@code line}. */
    static boolean hasLine(String output, String line) {
        return output.replaceAll("\u001B\\[[0-9;?]*[a-zA-Z]", "").replace("\r", "").lines()
                .anyMatch(candidate -> candidate.equals(line));
    }

    /** Waits for the shell's prompt, as a person does before typing. */
    void awaitPrompt(Duration timeout) throws InterruptedException {
        awaitOutput(output -> output.contains("$ "), timeout);
    }

    void type(String text) {
        send((byte) 0x00, text.getBytes(StandardCharsets.UTF_8));
    }

    void resize(int cols, int rows) {
        send((byte) 0x01, ("{\"cols\":" + cols + ",\"rows\":" + rows + "}").getBytes(StandardCharsets.UTF_8));
    }

    void send(byte type, byte[] body) {
        byte[] frame = new byte[body.length + 1];
        frame[0] = type;
        System.arraycopy(body, 0, frame, 1, body.length);
        outgoing.tryEmitNext(frame);
    }

    synchronized String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** Waits until the output satisfies the condition; fails with what was printed if it does not in time. */
    synchronized String awaitOutput(Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(output())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Terminal output did not match in " + timeout + "; got:\n" + output());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return output();
    }

    synchronized String awaitEvent(Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.stream().noneMatch(condition)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No matching terminal event in " + timeout + "; got " + events);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return events.stream().filter(condition).findFirst().orElseThrow();
    }

    /** The status the server closed the socket with. */
    CloseStatus closeStatus(Duration timeout) throws Exception {
        return closeStatus.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        outgoing.tryEmitComplete();
        connection.dispose();
    }
}
