package dev.codeplatform.benchmarks;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The platform's terminal over its WebSocket (JDK client), speaking the binary frame protocol of API.md: first byte
 * 0x00 input/output, 0x01 resize (to the server) or event JSON (from it), 0x02 pause, 0x03 resume.
 */
final class RemoteTerminal implements Shell, WebSocket.Listener {

    /** An event frame's JSON, stamped with {@link System#nanoTime()} on arrival. */
    private record Event(String json, long nanos) {
    }

    private volatile Sink sink;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final List<Event> events = new ArrayList<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private WebSocket socket;

    private RemoteTerminal(Sink sink) {
        this.sink = sink;
    }

    static RemoteTerminal connect(HttpClient client, String url, Sink sink) {
        RemoteTerminal terminal = new RemoteTerminal(sink);
        terminal.socket = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), terminal).orTimeout(30, TimeUnit.SECONDS).join();
        return terminal;
    }

    /** Waits for an event frame whose JSON contains {@code text}; answers when it arrived. */
    long awaitEvent(String text, long timeoutMillis) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (events) {
            while (true) {
                for (Event event : events) {
                    if (event.json().contains(text)) {
                        return event.nanos();
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no event showing " + text + " within " + timeoutMillis + " ms; events: "
                            + events.stream().map(Event::json).toList());
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        long now = System.nanoTime();
        if (!last || partial.size() > 0) {
            byte[] part = new byte[data.remaining()];
            data.get(part);
            partial.write(part, 0, part.length);
            if (last) {
                byte[] frame = partial.toByteArray();
                partial.reset();
                deliver(frame, 0, frame.length, now);
            }
        } else if (data.hasArray()) {
            deliver(data.array(), data.arrayOffset() + data.position(), data.remaining(), now);
        } else {
            byte[] frame = new byte[data.remaining()];
            data.get(frame);
            deliver(frame, 0, frame.length, now);
        }
        webSocket.request(1);
        return null;
    }

    private void deliver(byte[] frame, int offset, int length, long nanos) {
        if (length == 0) {
            return;
        }
        if (frame[offset] == 0x00) {
            sink.output(frame, offset + 1, length - 1, nanos);
        } else if (frame[offset] == 0x01) {
            synchronized (events) {
                events.add(new Event(new String(frame, offset + 1, length - 1, StandardCharsets.UTF_8), nanos));
                events.notifyAll();
            }
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(null);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public synchronized void type(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(inputFrame(bytes)), true).orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** The terminal protocol's input frame: 0x00, then the bytes typed. */
    static byte[] inputFrame(byte[] typed) {
        byte[] frame = new byte[typed.length + 1];
        frame[0] = 0x00;
        System.arraycopy(typed, 0, frame, 1, typed.length);
        return frame;
    }

    @Override
    public void sink(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).join();
            closed.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        } catch (RuntimeException e) {
            // already gone
        } finally {
            socket.abort();
        }
    }
}
