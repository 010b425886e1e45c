package dev.codeplatform.gateway.terminal;

/** The last bytes a terminal printed, replayed to a viewer that (re)attaches. A fixed ring: memory stays bounded. */
final class Scrollback {

    private final byte[] ring;
    private long written;

    Scrollback(int capacity) {
        this.ring = new byte[capacity];
    }

    synchronized void append(byte[] buffer, int length) {
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
