package dev.codeplatform.execution.local;

import com.pty4j.unix.PtyHelpers;
import com.sun.jna.Native;
import dev.codeplatform.execution.EnvironmentFailure;
import dev.codeplatform.execution.OutputSink;
import dev.codeplatform.execution.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shell in a sandbox on its own PTY, served by the backend's {@link TerminalLoop}: no thread of its own. The PTY
 * master is non-blocking and read by the loop; the shell's end is seen through its pidfd, and the shell is reaped here
 * (nothing else waits for it). pty4j only forks and execs the shell onto the PTY, the one step Java cannot do.
 *
 * <p>Flow control is done by not reading: while paused, the kernel's PTY buffer fills up and the programs writing to the
 * terminal block.
 */
final class LocalTerminal implements Terminal {

    private static final Logger log = LoggerFactory.getLogger(LocalTerminal.class);
    private static final int WRITE_WAIT_MILLIS = 100;
    private static final long DRAIN_MILLIS = 2000;

    private final LibC libc = LibC.INSTANCE;
    private final String environmentId;
    private final TerminalLoop loop;
    private final int pid;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private final OutputStream input = new Input();
    /** Guards the master descriptor against being closed (and its number reused) while another thread writes. */
    private final Object masterLock = new Object();
    private int master;
    /** Loop thread only. */
    private int pidfd;
    private OutputSink sink;
    /**
     * Loop thread only: output read before anyone started the terminal: while waiting for {@link #awaitOutput}'s text,
     * or after the shell ended (why a sandbox did not start, say). Given to the first sink.
     */
    private ByteArrayOutputStream unread = new ByteArrayOutputStream(0);
    /** Loop thread only: text awaited before anyone reads the terminal, and its future while it is awaited. */
    private byte[] awaited;
    private CompletableFuture<Void> awaitedSeen;
    /** Loop thread only: the shell's exit code once it has been reaped. */
    private Integer endedWith;
    private final Object flow = new Object();
    private volatile boolean paused;
    /** How often reading was resumed (guarded by flow): tells whether a resume raced with a sink answering false. */
    private volatile long resumes;
    private volatile boolean closed;

    private LocalTerminal(String environmentId, TerminalLoop loop, int master, int pid, int pidfd) {
        this.environmentId = environmentId;
        this.loop = loop;
        this.master = master;
        this.pid = pid;
        this.pidfd = pidfd;
    }

    /** Starts {@code command} as a session leader on a new PTY of the given size; output waits for {@link #start}. */
    static LocalTerminal spawn(TerminalLoop loop, String environmentId, List<String> command, Map<String, String> env,
                               Path directory, int cols, int rows) {
        LibC libc = LibC.INSTANCE;
        int master = libc.posix_openpt(LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        if (master < 0) {
            throw new EnvironmentFailure("could not open a PTY (errno " + Native.getLastError() + ")");
        }
        int pid = -1;
        try {
            byte[] name = new byte[128];
            if (libc.grantpt(master) != 0 || libc.unlockpt(master) != 0
                    || libc.ptsname_r(master, name, name.length) != 0) {
                throw new EnvironmentFailure("could not set up a PTY (errno " + Native.getLastError() + ")");
            }
            setSize(master, cols, rows);
            int flags = libc.fcntl(master, LibC.F_GETFL, 0);
            libc.fcntl(master, LibC.F_SETFL, flags | LibC.O_NONBLOCK);
            String slave = new String(name, 0, indexOfNul(name), StandardCharsets.UTF_8);
            String[] environment = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            pid = PtyHelpers.execPty(command.get(0), command.toArray(String[]::new), environment,
                    directory.toString(), slave, master, null, -1, false);
            if (pid <= 0) {
                throw new EnvironmentFailure("could not start a shell on the PTY (errno " + Native.getLastError()
                        + ")");
            }
            int pidfd = (int) libc.syscall(LibC.SYS_PIDFD_OPEN, pid, 0);
            if (pidfd < 0) {
                int errno = Native.getLastError();
                libc.kill(pid, LibC.SIGKILL);
                libc.waitpid(pid, new int[1], 0);
                throw new EnvironmentFailure("pidfd_open failed (errno " + errno + "): terminals need Linux 5.3 or "
                        + "newer");
            }
            LocalTerminal terminal = new LocalTerminal(environmentId, loop, master, pid, pidfd);
            loop.execute(terminal::register);
            return terminal;
        } catch (RuntimeException e) {
            if (pid <= 0) {
                libc.close(master);
            }
            throw e;
        }
    }

    private static boolean contains(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static int indexOfNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return bytes.length;
    }

    private static void setSize(int fd, int cols, int rows) {
        if (LibC.INSTANCE.ioctl(fd, LibC.TIOCSWINSZ, new short[] {(short) rows, (short) cols, 0, 0}) != 0) {
            throw new IllegalStateException("TIOCSWINSZ failed: errno " + Native.getLastError());
        }
    }

    private void register() {
        loop.register(master, false, fd -> readOutput());
        loop.register(pidfd, true, fd -> reap());
    }

    @Override
    public OutputStream input() {
        return input;
    }

    @Override
    public void start(OutputSink sink) {
        loop.execute(() -> {
            if (this.sink != null) {
                log.warn("Terminal of {} started twice; the second sink is ignored", environmentId);
                return;
            }
            this.sink = sink;
            if (unread.size() > 0) {
                sink.accept(unread.toByteArray(), unread.size());
                unread = new ByteArrayOutputStream(0); // read now: an idle terminal keeps no copy of it
            }
            updateReading();
        });
    }

    @Override
    public void pause() {
        synchronized (flow) {
            paused = true;
        }
        loop.execute(this::updateReading);
    }

    @Override
    public void resume() {
        synchronized (flow) {
            paused = false;
            resumes++;
        }
        loop.execute(this::updateReading);
    }

    /**
     * Completes once the shell printed {@code text} (kept for the first sink), or fails with {@link Ended} if the shell
     * ends first: how a start tells a running sandbox from one that failed, without a run of its own.
     */
    CompletableFuture<Void> awaitOutput(byte[] text) {
        CompletableFuture<Void> seen = new CompletableFuture<>();
        loop.execute(() -> {
            if (master < 0) {
                seen.completeExceptionally(new Ended(endedWith, unread.toString(StandardCharsets.UTF_8)));
                return;
            }
            awaited = text;
            awaitedSeen = seen;
            updateReading();
        });
        return seen;
    }

    /** The shell ended before it printed what was awaited; {@code output} is what it printed. */
    static final class Ended extends RuntimeException {

        final int exitCode;
        final String output;

        Ended(int exitCode, String output) {
            super("the shell ended with " + exitCode);
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    /**
     * Loop thread. Read while someone reads, while awaited text has not come yet, and once the shell has ended (what is
     * left in the PTY, whatever the flow control says).
     */
    private void updateReading() {
        if (master >= 0) {
            boolean awaiting = sink == null && awaitedSeen != null && !awaitedSeen.isDone();
            loop.setReading(master, endedWith != null || awaiting || (sink != null && !paused));
        }
    }

    /** Loop thread: one read per readiness, so a flooding terminal cannot starve the others. */
    private void readOutput() {
        long n = libc.read(master, loop.readBuffer, TerminalLoop.READ_BUFFER_BYTES);
        if (n > 0) {
            deliver((int) n);
        } else if (n == 0 || Native.getLastError() != LibC.EAGAIN) {
            // EIO: every process holding the PTY is gone and everything it wrote has been read
            if (endedWith != null) {
                finish();
            } else {
                loop.setReading(master, false); // the pidfd reports the end
            }
        }
    }

    /**
     * A sink that answers false pauses reading, unless {@link #resume()} was called meanwhile: the sink's reason to
     * stop may have gone while it answered (its client caught up on another thread), and that resume must not be lost.
     * Before anyone reads, output stays in the PTY; what comes after the shell ended is kept for the first reader.
     */
    private void deliver(int length) {
        loop.readBuffer.read(0, loop.readBytes, 0, length);
        if (sink == null) {
            if (unread.size() + length <= TerminalLoop.READ_BUFFER_BYTES) {
                unread.write(loop.readBytes, 0, length);
            }
            if (awaitedSeen != null && !awaitedSeen.isDone() && contains(unread.toByteArray(), awaited)) {
                awaitedSeen.complete(null);
                updateReading(); // the rest waits in the PTY for the first sink
            }
            return;
        }
        long resumesBefore = resumes;
        if (!sink.accept(loop.readBytes, length)) {
            synchronized (flow) {
                if (resumes == resumesBefore) {
                    paused = true;
                }
            }
            updateReading();
        }
    }

    /**
     * Loop thread: the shell ended. Its last output may still be on its way through the PTY (the kernel moves it to
     * the master side asynchronously), so the PTY is read until it reports its end (EIO), and only then is the exit
     * code given: viewers see everything the shell printed before they see that it ended.
     */
    private void reap() {
        int[] status = new int[1];
        int reapedPid = libc.waitpid(pid, status, LibC.WNOHANG);
        if (reapedPid != pid) {
            return; // not ended yet (a spurious wake-up)
        }
        endedWith = (status[0] & 0x7f) == 0 ? (status[0] >> 8) & 0xff : 128 + (status[0] & 0x7f);
        loop.closeDescriptor(pidfd);
        pidfd = -1;
        updateReading();
        // Should a process outside the sandbox's PID namespace still hold the PTY, the end comes anyway.
        CompletableFuture.delayedExecutor(DRAIN_MILLIS, TimeUnit.MILLISECONDS).execute(() -> loop.execute(this::finish));
    }

    /** Loop thread: closes the PTY and completes the exit code, once. */
    private void finish() {
        if (master < 0) {
            return;
        }
        synchronized (masterLock) {
            loop.closeDescriptor(master);
            master = -1;
        }
        int code = endedWith;
        if (awaitedSeen != null && !awaitedSeen.isDone()) {
            awaitedSeen.completeExceptionally(new Ended(code, unread.toString(StandardCharsets.UTF_8)));
        }
        // Listeners may do more than a loop handler should (stop an environment, notify viewers): not on this thread.
        exitCode.completeAsync(() -> code, loop.endings());
    }

    private final class Input extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        /** Blocks while the PTY's input buffer is full (the program is not reading), as a terminal does. */
        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            int done = 0;
            while (done < length) {
                int fd;
                synchronized (masterLock) {
                    fd = master;
                }
                int written = typeNow(bytes, offset + done, length - done);
                if (written == 0) {
                    int[] pollfd = {fd, LibC.POLLOUT};
                    libc.poll(pollfd, 1, WRITE_WAIT_MILLIS); // a stale number after an end only shortens the wait
                }
                done += written;
            }
        }
    }

    @Override
    public int typeNow(byte[] bytes, int offset, int length) throws IOException {
        byte[] chunk = offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
        long written;
        synchronized (masterLock) {
            if (master < 0) {
                throw new IOException("the terminal has ended");
            }
            written = libc.write(master, chunk, chunk.length);
        }
        if (written >= 0) {
            return (int) written;
        }
        int errno = Native.getLastError();
        if (errno == LibC.EAGAIN || errno == LibC.EINTR) {
            return 0;
        }
        throw new IOException("writing to the terminal failed (errno " + errno + ")");
    }

    @Override
    public void resize(int cols, int rows) {
        if (cols <= 0 || rows <= 0) {
            throw new IllegalArgumentException("terminal size must be positive: " + cols + "x" + rows);
        }
        synchronized (masterLock) {
            if (master >= 0) {
                setSize(master, cols, rows); // the kernel tells the foreground process group (SIGWINCH)
            }
        }
    }

    @Override
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    /**
     * Kills the shell's process group; bwrap's --die-with-parent then takes the whole sandbox PID namespace down. Done
     * on the loop's thread, which alone reaps the shell, so the pid cannot have been reused by then.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.execute(() -> {
            if (endedWith == null) {
                HostProcesses.killGroup(pid); // the shell is a session (and group) leader
                HostProcesses.kill(pid);
            }
        });
    }
}
