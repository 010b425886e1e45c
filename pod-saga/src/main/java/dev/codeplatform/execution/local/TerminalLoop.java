package dev.codeplatform.execution.local;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that serves every terminal of the backend: an epoll set holds the PTY masters (readable: output) and the
 * shells' pidfds (readable: the shell ended). A terminal therefore costs no thread of its own, only two file
 * descriptors; a paused terminal is simply not in the set for reading.
 *
 * <p>The set's members are registered, changed and removed only on the loop's thread (other threads hand it tasks
 * through {@link #execute}), and file descriptors are closed there too, so a number is never read after it was closed
 * and reused. Handlers run on the loop's thread and must not block.
 */
final class TerminalLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TerminalLoop.class);
    private static final int MAX_EVENTS = 64;
    /** {@code struct epoll_event} is packed on x86-64 (12 bytes), naturally aligned elsewhere (16). */
    private static final int EVENT_SIZE = Platform.isIntel() && Platform.is64Bit() ? 12 : 16;
    private static final int EVENT_DATA_OFFSET = EVENT_SIZE - 8;
    static final int READ_BUFFER_BYTES = 16 * 1024;

    private final LibC libc = LibC.INSTANCE;
    private final int epoll;
    private final int wakeup;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Loop thread only: what to do when a registered descriptor is ready. */
    private final Map<Integer, IntConsumer> handlers = new HashMap<>();
    /** Loop thread only: where a PTY's output is read to, shared by all terminals. */
    final Memory readBuffer = new Memory(READ_BUFFER_BYTES);
    final byte[] readBytes = new byte[READ_BUFFER_BYTES];
    private final Memory event = new Memory(EVENT_SIZE);
    private final Memory events = new Memory((long) EVENT_SIZE * MAX_EVENTS);
    /** Where what follows a terminal's end runs: it may block, so never on the loop; no thread while nothing ends. */
    private final ThreadPoolExecutor endings = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread ending = new Thread(runnable, "sandbox-terminal-end");
                ending.setDaemon(true);
                return ending;
            });
    private volatile boolean closed;

    TerminalLoop() {
        epoll = libc.epoll_create1(LibC.EPOLL_CLOEXEC);
        if (epoll < 0) {
            throw new IllegalStateException("epoll_create1 failed: errno " + Native.getLastError());
        }
        wakeup = libc.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (wakeup < 0) {
            libc.close(epoll);
            throw new IllegalStateException("eventfd failed: errno " + Native.getLastError());
        }
        control(LibC.EPOLL_CTL_ADD, wakeup, LibC.EPOLLIN);
        thread = new Thread(this::run, "sandbox-terminals");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs a task on the loop's thread, soon; from the loop's own thread, at once. */
    void execute(Runnable task) {
        if (Thread.currentThread() == thread) {
            task.run();
            return;
        }
        tasks.add(task);
        libc.write(wakeup, new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, 8);
    }

    Executor endings() {
        return endings;
    }

    /** Loop thread: watches a descriptor for input ({@code reading}) or only keeps its handler ready for later. */
    void register(int fd, boolean reading, IntConsumer onReadable) {
        handlers.put(fd, onReadable);
        control(LibC.EPOLL_CTL_ADD, fd, reading ? LibC.EPOLLIN : 0);
    }

    /** Loop thread: starts or stops watching a registered descriptor for input. */
    void setReading(int fd, boolean reading) {
        if (handlers.containsKey(fd)) {
            control(LibC.EPOLL_CTL_MOD, fd, reading ? LibC.EPOLLIN : 0);
        }
    }

    /** Loop thread: forgets a descriptor and closes it. */
    void closeDescriptor(int fd) {
        if (handlers.remove(fd) != null) {
            control(LibC.EPOLL_CTL_DEL, fd, 0);
        }
        libc.close(fd);
    }

    private void control(int operation, int fd, int interest) {
        event.setInt(0, interest);
        event.setLong(EVENT_DATA_OFFSET, fd);
        if (libc.epoll_ctl(epoll, operation, fd, event) < 0) {
            throw new IllegalStateException("epoll_ctl(" + operation + ", fd " + fd + ") failed: errno "
                    + Native.getLastError());
        }
    }

    private void run() {
        while (!closed) {
            int ready = libc.epoll_wait(epoll, events, MAX_EVENTS, -1);
            if (ready < 0) {
                int errno = Native.getLastError();
                if (errno != LibC.EINTR) {
                    log.error("epoll_wait failed (errno {}): terminals stop being served", errno);
                    return;
                }
                continue;
            }
            for (int i = 0; i < ready; i++) {
                int fd = (int) events.getLong((long) i * EVENT_SIZE + EVENT_DATA_OFFSET);
                if (fd == wakeup) {
                    libc.read(wakeup, readBuffer, 8);
                    continue;
                }
                IntConsumer handler = handlers.get(fd);
                if (handler != null) {
                    runSafely(() -> handler.accept(fd));
                }
            }
            for (Runnable task; (task = tasks.poll()) != null; ) {
                runSafely(task);
            }
        }
    }

    private static void runSafely(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("A terminal's event handler failed", e);
        }
    }

    /** Stops the loop; the terminals' descriptors are theirs to close (they are stopped before this). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        execute(() -> { });
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        libc.close(wakeup);
        libc.close(epoll);
        endings.shutdown();
    }
}
