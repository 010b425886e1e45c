package dev.codeplatform.execution;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/** An interactive shell on a PTY inside an environment. */
public interface Terminal extends AutoCloseable {

    /** Bytes typed (keys, pasted text, Ctrl-C as 0x03); a write blocks while the terminal's input buffer is full. */
    OutputStream input();

    /**
     * Types as much as the terminal takes right now, without blocking: a keystroke can go straight from the network
     * thread to the shell. Returns how many bytes were taken (fewer than {@code length} when the input buffer is full:
     * write the rest through {@link #input()}).
     *
     * @throws IOException when the terminal has ended
     */
    int typeNow(byte[] bytes, int offset, int length) throws IOException;

    /**
     * Output is delivered to the sink on a backend thread; the sink's return value tells whether to keep reading: when
     * false, reading stops until resume() (flow control: the PTY is not read while the client is slow, so memory stays
     * bounded). Call once.
     */
    void start(OutputSink sink);

    /** Stops reading the PTY; at most one buffer that was already being read is still delivered. */
    void pause();

    void resume();

    void resize(int cols, int rows);

    /** Completes with the shell's exit code when it ends (also after close()). */
    CompletableFuture<Integer> exitCode();

    /** Kills the shell's process group (and everything it started). Idempotent. */
    @Override
    void close();
}
