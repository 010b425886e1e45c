package dev.codeplatform.gateway.terminal;

import dev.codeplatform.execution.Terminal;
import dev.codeplatform.execution.sync.LiveEnvironment;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One shell shared by its viewers: each gets the output (after the recent scrollback), only viewers allowed to type
 * send input. Flow control: when a typing viewer has more than {@link #HIGH_WATER} bytes not yet sent, or has asked
 * to pause, the PTY is no longer read, so the program blocks instead of the server buffering without end; a
 * watch-only viewer that falls behind skips output rather than slow the owner down.
 */
final class SharedTerminal {

    static final int HIGH_WATER = 256 * 1024;
    static final int LOW_WATER = 64 * 1024;
    static final int SCROLLBACK = 64 * 1024;
    /**
     * The largest output frame: live output comes in reads of at most 16 KiB, and the scrollback is sent in frames no
     * larger, since many WebSocket clients refuse frames above 64 KiB by default.
     */
    static final int MAX_FRAME_OUTPUT = 16 * 1024;

    final class Viewer {
        private final boolean mayType;
        private final Sinks.Many<byte[]> frames = Sinks.many().unicast().onBackpressureBuffer();
        private final AtomicLong queued = new AtomicLong();
        private volatile boolean pausedByClient;

        private Viewer(boolean mayType) {
            this.mayType = mayType;
        }

        boolean mayType() {
            return mayType;
        }

        Flux<byte[]> frames() {
            return frames.asFlux().doOnNext(frame -> {
                if (queued.addAndGet(-frame.length) < LOW_WATER) {
                    updateReading();
                }
            });
        }

        void clientPaused(boolean paused) {
            pausedByClient = paused;
            updateReading();
        }

        private void offer(byte[] frame) {
            if (!mayType && queued.get() > HIGH_WATER) {
                return;
            }
            queued.addAndGet(frame.length);
            synchronized (this) {
                frames.tryEmitNext(frame);
            }
        }

        private void finish(byte[] lastFrame) {
            synchronized (this) {
                frames.tryEmitNext(lastFrame);
                frames.tryEmitComplete();
            }
        }

        private boolean holdsBack() {
            return mayType && (pausedByClient || queued.get() > HIGH_WATER);
        }
    }

    private final Terminal terminal;
    private final Scrollback scrollback = new Scrollback(SCROLLBACK);
    private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
    /**
     * Output and viewers joining take turns: a viewer gets the scrollback and then every later output, none of it
     * between the two missed (nor sent twice).
     */
    private final Object output = new Object();
    private final Object flow = new Object();
    private boolean reading = true;
    private volatile Integer exitCode;

    SharedTerminal(Terminal terminal, LiveEnvironment environment, Runnable onExit) {
        this.terminal = terminal;
        AutoCloseable notices = environment.onNotice(message -> {
            byte[] frame = Frames.notice(message);
            viewers.forEach(viewer -> viewer.offer(frame));
        });
        terminal.exitCode().whenComplete((code, error) -> {
            exitCode = code == null ? -1 : code;
            viewers.forEach(viewer -> viewer.finish(Frames.exit(exitCode)));
            closeQuietly(notices);
            onExit.run();
        });
        terminal.start(this::onOutput);
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception ignored) {
            // Removing a listener from a list does not fail.
        }
    }

    Terminal terminal() {
        return terminal;
    }

    /** Adds a viewer, who first receives the recent scrollback. */
    Viewer attach(boolean mayType) {
        Viewer viewer = new Viewer(mayType);
        synchronized (output) {
            byte[] recent = scrollback.snapshot();
            for (int offset = 0; offset < recent.length; offset += MAX_FRAME_OUTPUT) {
                viewer.offer(Frames.output(recent, offset, Math.min(MAX_FRAME_OUTPUT, recent.length - offset)));
            }
            viewers.add(viewer);
        }
        Integer exited = exitCode;
        if (exited != null) {
            viewer.finish(Frames.exit(exited));
        }
        return viewer;
    }

    void detach(Viewer viewer) {
        viewers.remove(viewer);
        updateReading();
    }

    private boolean onOutput(byte[] buffer, int length) {
        synchronized (output) {
            scrollback.append(buffer, length);
            byte[] frame = Frames.output(buffer, 0, length);
            for (Viewer viewer : viewers) {
                viewer.offer(frame);
            }
        }
        synchronized (flow) {
            reading = viewers.stream().noneMatch(Viewer::holdsBack);
            return reading;
        }
    }

    /**
     * Decisions to read or not are taken one at a time: a viewer catching up (network thread) must not be overtaken
     * by the output thread's older decision to stop, or reading would stay paused with no one left to resume it.
     */
    private void updateReading() {
        synchronized (flow) {
            boolean shouldRead = viewers.stream().noneMatch(Viewer::holdsBack);
            if (shouldRead != reading) {
                reading = shouldRead;
                if (shouldRead) {
                    terminal.resume();
                } else {
                    terminal.pause();
                }
            }
        }
    }

    void close() {
        terminal.close();
    }
}
