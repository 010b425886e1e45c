package dev.codeplatform.execution.local;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import dev.codeplatform.execution.OutputSink;
import dev.codeplatform.execution.Terminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shell in a sandbox on its own PTY (pty4j). One reader thread per terminal; flow control is done by not reading:
 * while paused, the kernel's PTY buffer fills up and the programs writing to the terminal block.
 */
final class LocalTerminal implements Terminal {

    private static final Logger log = LoggerFactory.getLogger(LocalTerminal.class);
    static final int BUFFER_BYTES = 8192;

    private final String environmentId;
    private final PtyProcess process;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private final Object flow = new Object();
    private boolean paused;
    private boolean started;
    private volatile boolean closed;

    LocalTerminal(String environmentId, PtyProcess process) {
        this.environmentId = environmentId;
        this.process = process;
    }

    /** Starts waiting for the shell's end: completes {@link #exitCode()}, then tells {@code onExit}. Call once. */
    void watchExit(Consumer<LocalTerminal> onExit) {
        Thread waiter = new Thread(() -> {
            try {
                exitCode.complete(process.waitFor());
            } catch (InterruptedException e) {
                exitCode.completeExceptionally(e);
            } finally {
                onExit.accept(this);
            }
        }, "sandbox-terminal-exit-" + environmentId);
        waiter.setDaemon(true);
        waiter.start();
    }

    @Override
    public OutputStream input() {
        return process.getOutputStream();
    }

    @Override
    public void start(OutputSink sink) {
        synchronized (flow) {
            if (started) {
                throw new IllegalStateException("terminal already started");
            }
            started = true;
        }
        Thread reader = new Thread(() -> read(sink), "sandbox-terminal-" + environmentId);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(OutputSink sink) {
        byte[] buffer = new byte[BUFFER_BYTES];
        InputStream in = process.getInputStream();
        try {
            while (true) {
                synchronized (flow) {
                    while (paused && !closed) {
                        flow.wait();
                    }
                }
                if (closed && !process.isAlive()) {
                    return;
                }
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                if (n > 0 && !sink.accept(buffer, n)) {
                    pause();
                }
            }
        } catch (IOException e) {
            // EIO once the shell is gone: end of output
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Terminal output sink of {} failed; output stops", environmentId, e);
        }
    }

    @Override
    public void pause() {
        synchronized (flow) {
            paused = true;
        }
    }

    @Override
    public void resume() {
        synchronized (flow) {
            paused = false;
            flow.notifyAll();
        }
    }

    @Override
    public void resize(int cols, int rows) {
        if (cols <= 0 || rows <= 0) {
            throw new IllegalArgumentException("terminal size must be positive: " + cols + "x" + rows);
        }
        if (process.isAlive()) {
            process.setWinSize(new WinSize(cols, rows));
        }
    }

    @Override
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    /** Kills the shell's process group; bwrap's --die-with-parent then takes the whole sandbox PID namespace down. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long pid = process.pid();
        if (pid > 1 && process.isAlive()) {
            HostProcesses.killGroup((int) pid); // pty4j made the shell a session (and group) leader
            HostProcesses.kill((int) pid);
        }
        process.destroyForcibly();
        resume(); // let a paused reader see the end
    }

    boolean isClosed() {
        return closed;
    }
}
