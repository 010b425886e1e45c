package dev.codeplatform.execution;

import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/** An interactive shell on a PTY inside an environment. */
public interface Terminal extends AutoCloseable {

    /** Bytes typed (keys, pasted text, Ctrl-C as 0x03). */
    OutputStream input();

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
