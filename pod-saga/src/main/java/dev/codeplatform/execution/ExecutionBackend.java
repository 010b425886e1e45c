package dev.codeplatform.execution;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs execution environments: one isolated sandbox per session, with a workspace at {@code /workspace}, terminals and
 * file access from the server. Implementations: the local bubblewrap sandbox and (later) Kubernetes pods; both must
 * pass the same contract tests.
 *
 * <p>Paths are relative to {@code /workspace}, with {@code /} as separator, no leading {@code /}, no {@code .} or
 * {@code ..} segment. Callers validate them; implementations re-check and throw {@link IllegalArgumentException}.
 * File operations fail with {@link java.io.UncheckedIOException} (for instance wrapping
 * {@link java.nio.file.NoSuchFileException}) and with {@link EnvironmentFailure} when the environment is not running.
 */
public interface ExecutionBackend extends AutoCloseable {

    /** Creates an environment for a session; returns at once with its id (does not wait). Idempotent per environmentId. */
    EnvironmentHandle create(EnvironmentRequest request);

    /** Blocks until ready or throws EnvironmentFailure (with a reason a user can read) after the timeout. */
    void awaitReady(String environmentId, Duration timeout);

    /** Starts an interactive login shell (bash -i, TERM=xterm-256color, cwd /workspace) on a new PTY of the environment. */
    Terminal openTerminal(String environmentId, int cols, int rows);

    /** Writes a file (creating parent folders) inside /workspace, relative path already validated by the caller. */
    void writeFile(String environmentId, String path, byte[] content);

    void createFolder(String environmentId, String path);

    /** Deletes a file or folder (recursively). Missing path is not an error. */
    void delete(String environmentId, String path);

    void move(String environmentId, String from, String to);

    /**
     * Snapshot of regular files and folders under /workspace: path -> (kind, size, sha256 for files). Never follows
     * symlinks; skips devices, FIFOs, sockets, symlinks (and anything below a symlink).
     */
    Map<String, WorkspaceEntry> scan(String environmentId);

    /**
     * The same, limited to the given relative paths and everything below them: what a change touched, without reading
     * the rest of the workspace. A path that does not exist (or is not a regular file or folder, or lies below a
     * symlink) is absent from the result; malformed paths are ignored.
     */
    Map<String, WorkspaceEntry> scan(String environmentId, Collection<String> paths);

    /**
     * Reads one regular file without following symlinks (O_NOFOLLOW on every segment); throws if it is not a regular
     * file or larger than maxBytes.
     */
    byte[] readFile(String environmentId, String path, long maxBytes);

    /**
     * Changes made inside the environment (create/modify/delete/move of files and folders), debounced ~50 ms, as
     * relative paths. Returns a handle to stop watching.
     *
     * <p>The set is delivered on a backend thread. Writes made through this interface are reported too (the watcher
     * cannot tell who wrote): consumers compare with what they know (for instance by sha256 from {@link #scan}). When
     * the backend lost events (kernel queue overflow) the set contains the empty path {@code ""}, meaning "anything may
     * have changed: scan again".
     */
    AutoCloseable watch(String environmentId, Consumer<Set<String>> changedPaths);

    /** Stops the environment: kills everything in it and discards it. Idempotent; unknown ids are ignored. */
    void stop(String environmentId);

    /** Environments this backend has running (including leftovers from a crashed previous process: reconciliation). */
    Set<String> listRunning();

    String name();

    /** Releases the backend's own resources. Implementations document whether running environments survive. */
    @Override
    void close();
}
