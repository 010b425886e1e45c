package dev.codeplatform.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A terminal the benchmarks type into and read from: the platform's over its WebSocket, or a plain PTY on the host
 * (the baseline). Output goes to the current {@link Sink}, stamped with {@link System#nanoTime()} on arrival.
 */
interface Shell extends AutoCloseable {

    interface Sink {
        void output(byte[] data, int offset, int length, long nanos);
    }

    void type(byte[] bytes);

    void sink(Sink sink);

    @Override
    void close();

    default void type(String text) {
        type(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Output kept as chunks, in order, for "wait until the output shows X". */
    final class Chunks implements Sink {

        private record Chunk(byte[] data, long nanos) {
        }

        private final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();

        @Override
        public void output(byte[] data, int offset, int length, long nanos) {
            byte[] copy = new byte[length];
            System.arraycopy(data, offset, copy, 0, length);
            queue.add(new Chunk(copy, nanos));
        }

        void clear() {
            queue.clear();
        }

        /** Waits until the output since the last call shows {@code text}; answers when that chunk arrived. */
        long await(String text, long timeoutMillis) throws InterruptedException, TimeoutException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            StringBuilder seen = new StringBuilder();
            while (true) {
                long left = deadline - System.nanoTime();
                Chunk chunk = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                if (chunk == null) {
                    throw new TimeoutException("no output showing " + printable(text) + " within " + timeoutMillis
                            + " ms; last output: " + printable(seen.toString()));
                }
                seen.append(new String(chunk.data(), StandardCharsets.ISO_8859_1));
                if (seen.indexOf(text) >= 0) {
                    return chunk.nanos();
                }
                if (seen.length() > 8192) {
                    seen.delete(0, seen.length() - 256);
                }
            }
        }

        static String printable(String text) {
            StringBuilder out = new StringBuilder();
            String tail = text.length() > 200 ? text.substring(text.length() - 200) : text;
            for (char c : tail.toCharArray()) {
                out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
            }
            return "\"" + out + "\"";
        }
    }

    /** Discards output (an idle viewer). */
    Sink DISCARD = (data, offset, length, nanos) -> {
    };
}
