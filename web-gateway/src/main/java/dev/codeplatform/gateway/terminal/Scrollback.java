package dev.codeplatform.gateway.terminal;

import java.util.Arrays;

/**
 * The last bytes a terminal printed, replayed to a viewer that (re)attaches. A ring bounded by its capacity, which
 * starts small and grows only as output comes: most terminals sit idle at a prompt, and hundreds of them should not
 * each hold the full capacity.
 */
final class Scrollback {

    private static final int INITIAL_BYTES = 1024;

    private final int capacity;
    private byte[] ring;
    private long written;

    Scrollback(int capacity) {
        this.capacity = capacity;
        this.ring = new byte[Math.min(INITIAL_BYTES, capacity)];
    }

    synchronized void append(byte[] buffer, int length) {
        growFor(length);
        int start = length > ring.length ? length - ring.length : 0;
        written += start;
        for (int i = start; i < length; ) {
            int at = (int) (written % ring.length);
            int chunk = Math.min(length - i, ring.length - at);
            System.arraycopy(buffer, i, ring, at, chunk);
            i += chunk;
            written += chunk;
        }
    }

    /** Before the ring is at its capacity it has never wrapped: its content is [0, written), kept as it grows. */
    private void growFor(int length) {
        long needed = written + length;
        if (needed > ring.length && ring.length < capacity) {
            int size = ring.length;
            while (size < needed && size < capacity) {
                size = (int) Math.min((long) size * 2, capacity);
            }
            ring = Arrays.copyOf(ring, size);
        }
    }

    synchronized byte[] snapshot() {
        int size = (int) Math.min(written, ring.length);
        byte[] copy = new byte[size];
        int begin = (int) ((written - size) % ring.length);
        for (int i = 0; i < size; i++) {
            copy[i] = ring[(begin + i) % ring.length];
        }
        return copy;
    }
}
