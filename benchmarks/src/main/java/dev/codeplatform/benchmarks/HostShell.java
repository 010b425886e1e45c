package dev.codeplatform.benchmarks;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The baseline terminal: bash on a plain PTY of this host (pty4j, as the server uses), read by one thread with the
 * server's buffer size, no sandbox, no network. Prompt {@code $ }.
 */
final class HostShell implements Shell {

    private final PtyProcess process;
    private final OutputStream input;
    private volatile Sink sink;

    HostShell(Sink sink) {
        this.sink = sink;
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", System.getProperty("java.io.tmpdir"));
        env.put("TERM", "xterm-256color");
        env.put("LANG", "C.UTF-8");
        env.put("PS1", "$ ");
        try {
            process = new PtyProcessBuilder(new String[] {"/bin/bash", "--norc", "--noprofile", "-i"})
                    .setEnvironment(env)
                    .setConsole(false)
                    .setRedirectErrorStream(true)
                    .setInitialColumns(80)
                    .setInitialRows(24)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        input = process.getOutputStream();
        Thread reader = new Thread(this::read, "host-pty-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buffer = new byte[8192];
        InputStream in = process.getInputStream();
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    sink.output(buffer, 0, n, System.nanoTime());
                }
            }
        } catch (IOException e) {
            // EIO when the shell is gone
        }
    }

    @Override
    public synchronized void type(byte[] bytes) {
        try {
            input.write(bytes);
            input.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void sink(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
