package dev.codeplatform.gateway.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScrollbackTest {

    @Test
    void an_empty_scrollback_replays_nothing() {
        assertThat(new Scrollback(64 * 1024).snapshot()).isEmpty();
    }

    @Test
    void it_replays_the_last_bytes_up_to_its_capacity_while_growing_and_after_wrapping() {
        int capacity = 64 * 1024;
        Scrollback scrollback = new Scrollback(capacity);
        ByteArrayOutputStream everything = new ByteArrayOutputStream();
        Random random = new Random(42);
        // chunks of every size class: single bytes at a prompt, PTY reads, one larger than the whole capacity
        int[] sizes = {1, 3, 700, 1024, 1, 4095, 9000, 30_000, 100_000, 5, 16_384, 70_000, 2};
        for (int size : sizes) {
            byte[] chunk = new byte[size];
            random.nextBytes(chunk);
            byte[] padded = Arrays.copyOf(chunk, size + 10); // only `length` bytes of a reused buffer count
            scrollback.append(padded, size);
            everything.write(chunk, 0, size);
            byte[] all = everything.toByteArray();
            byte[] expected = Arrays.copyOfRange(all, Math.max(0, all.length - capacity), all.length);
            assertThat(scrollback.snapshot()).as("after appending %d bytes", size).isEqualTo(expected);
        }
    }
}
