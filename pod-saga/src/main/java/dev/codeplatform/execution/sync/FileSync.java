package dev.codeplatform.execution.sync;

import dev.codeplatform.execution.ExecutionBackend;
import dev.codeplatform.execution.WorkspaceEntry;
import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.workspace.WorkspaceCommands.CreateFolder;
import dev.codeplatform.schema.workspace.WorkspaceCommands.DeleteEntry;
import dev.codeplatform.schema.workspace.WorkspaceCommands.MoveEntry;
import dev.codeplatform.schema.workspace.WorkspaceCommands.WriteFile;
import dev.codeplatform.schema.workspace.ContentHash;
import dev.codeplatform.schema.workspace.WorkspaceQueries.EntryKind;
import dev.codeplatform.schema.workspace.WorkspaceQueries.GetBlob;
import dev.codeplatform.schema.workspace.WorkspaceQueries.ListFiles;
import dev.codeplatform.schema.workspace.WorkspaceQueries.Tree;
import dev.codeplatform.schema.workspace.WorkspaceQueries.TreeEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a workspace and its running environments in step, both ways and incrementally.
 * <ul>
 *   <li>In: the workspace is copied in once, then each workspace event is applied to the environment (events made
 *   by this very environment are skipped: it has them already).</li>
 *   <li>Out: the backend reports changed paths; they are compared with what the environment is known to hold, and
 *   only differences become workspace commands, made as the session's terminal.</li>
 * </ul>
 */
public class FileSync {

    private static final Logger log = LoggerFactory.getLogger(FileSync.class);

    public record Copied(int files, long bytes) {
    }

    private final ExecutionBackend backend;
    private final LiveEnvironments environments;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final long maxFileBytes;
    private final Consumer<SessionId> activity;

    public FileSync(ExecutionBackend backend, LiveEnvironments environments, CommandGateway commands,
                    QueryGateway queries, long maxFileBytes, Consumer<SessionId> activity) {
        this.backend = backend;
        this.environments = environments;
        this.commands = commands;
        this.queries = queries;
        this.maxFileBytes = maxFileBytes;
        this.activity = activity;
    }

    /** Copies the workspace in, replays the changes that arrived meanwhile, then starts watching the environment. */
    public Copied copyIn(SessionId session) {
        LiveEnvironment live = environments.find(session)
                .orElseThrow(() -> new IllegalStateException("no running environment for session " + session));
        Future<Copied> copy = live.sync.submit(() -> {
            Tree tree = queries.query(new ListFiles(live.workspaceId(), 0), Tree.class).join();
            int files = 0;
            long bytes = 0;
            for (TreeEntry entry : tree.entries()) {
                if (entry.kind() == EntryKind.FOLDER) {
                    backend.createFolder(live.environmentId(), entry.path());
                    live.known.put(entry.path(), LiveEnvironment.FOLDER);
                } else {
                    byte[] content = blob(entry.hash());
                    backend.writeFile(live.environmentId(), entry.path(), content);
                    live.known.put(entry.path(), entry.hash());
                    files++;
                    bytes += content.length;
                }
            }
            live.copiedAtVersion = tree.version();
            live.pendingUntilCopied.forEach(Runnable::run);
            live.pendingUntilCopied.clear();
            live.watch = backend.watch(live.environmentId(), paths -> live.sync.execute(() -> sendOut(live, paths)));
            return new Copied(files, bytes);
        });
        try {
            return copy.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying files in", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Applies a workspace change to every environment of the workspace, in order. {@code version} is the
     * workspace's version after the change; changes the initial copy already contains are skipped.
     */
    void applyIn(dev.codeplatform.schema.ids.WorkspaceId workspace, long version, Actor actor,
                 Consumer<LiveEnvironment> change) {
        for (LiveEnvironment live : environments.ofWorkspace(workspace)) {
            if (actor.equals(Actor.terminal(live.sessionId()))) {
                continue;
            }
            live.sync.execute(() -> {
                Runnable apply = () -> {
                    if (version > live.copiedAtVersion) {
                        try {
                            change.accept(live);
                        } catch (RuntimeException e) {
                            log.warn("Could not apply a workspace change to the environment of session {}",
                                    live.sessionId(), e);
                        }
                    }
                };
                if (live.copiedAtVersion < 0) {
                    live.pendingUntilCopied.add(apply);
                } else {
                    apply.run();
                }
            });
        }
    }

    void writeIn(LiveEnvironment live, String path, String hash) {
        backend.writeFile(live.environmentId(), path, blob(hash));
        live.known.put(path, hash);
    }

    void folderIn(LiveEnvironment live, String path) {
        backend.createFolder(live.environmentId(), path);
        live.known.put(path, LiveEnvironment.FOLDER);
    }

    void deleteIn(LiveEnvironment live, String path) {
        backend.delete(live.environmentId(), path);
        forget(live.known, path);
    }

    void moveIn(LiveEnvironment live, String from, String to) {
        backend.move(live.environmentId(), from, to);
        rename(live.known, from, to);
    }

    /**
     * Turns the environment's changes into workspace commands: only what differs from what it is known to hold. Only
     * the changed paths (and what is below them) are read again, unless the watcher lost events ({@code ""}).
     */
    private void sendOut(LiveEnvironment live, Set<String> changedPaths) {
        boolean everything = changedPaths.contains("");
        Map<String, WorkspaceEntry> now = everything ? backend.scan(live.environmentId())
                : backend.scan(live.environmentId(), changedPaths);
        activity.accept(live.sessionId());
        Actor terminal = Actor.terminal(live.sessionId());
        TreeSet<String> gone = new TreeSet<>();
        for (String path : live.known.keySet()) {
            if (!now.containsKey(path) && (everything || underAny(path, changedPaths))) {
                gone.add(path);
            }
        }
        sendMoves(live, now, gone, terminal);
        // Delete only the top-most of what disappeared: a deleted folder takes its content with it.
        List<String> deletions = new ArrayList<>();
        for (String path : gone) {
            if (deletions.stream().noneMatch(parent -> path.startsWith(parent + "/"))) {
                deletions.add(path);
            }
        }
        for (String path : deletions) {
            try {
                commands.sendAndWait(new DeleteEntry(live.workspaceId(), live.owner(), terminal, path));
            } catch (Rejection rejection) {
                // Not in the workspace (a file it refused): nothing to delete there.
                log.debug("Session {}: {} was not in the workspace", live.sessionId(), path);
            }
            forget(live.known, path);
        }
        for (Map.Entry<String, WorkspaceEntry> entry : new java.util.TreeMap<>(now).entrySet()) {
            String path = entry.getKey();
            WorkspaceEntry found = entry.getValue();
            if (found.kind() == WorkspaceEntry.Kind.FOLDER) {
                if (!live.known.containsKey(path) && send(live,
                        new CreateFolder(live.workspaceId(), live.owner(), terminal, path))) {
                    live.known.put(path, LiveEnvironment.FOLDER);
                }
            } else if (!found.sha256().equals(live.known.get(path))) {
                if (found.size() > maxFileBytes) {
                    refused(live, path, found.sha256(), path + " is " + found.size() + " bytes, over the "
                            + maxFileBytes + " byte file limit: it stays in the environment but is not saved to the workspace");
                    continue;
                }
                byte[] content;
                try {
                    content = backend.readFile(live.environmentId(), path, maxFileBytes);
                } catch (RuntimeException e) {
                    log.debug("Session {}: {} changed while being read; the next change event picks it up",
                            live.sessionId(), path);
                    continue;
                }
                // Known either way: a refused file is not retried at every change, only when it changes again.
                live.known.put(path, ContentHash.sha256(content));
                if (send(live, new WriteFile(live.workspaceId(), live.owner(), terminal, path, content, null))) {
                    // Folders on the way are implied by the write.
                    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                        live.known.putIfAbsent(path.substring(0, slash), LiveEnvironment.FOLDER);
                    }
                }
            }
        }
    }

    /**
     * Pairs what disappeared with what appeared holding the same content (a file with the same hash, a folder with
     * the same files at the same relative paths) and sends a move instead of a delete and a write.
     */
    private void sendMoves(LiveEnvironment live, Map<String, WorkspaceEntry> now, Set<String> gone, Actor terminal) {
        if (gone.isEmpty()) {
            return;
        }
        Map<String, String> appeared = new java.util.TreeMap<>();
        now.forEach((path, entry) -> {
            if (!live.known.containsKey(path)) {
                appeared.put(path, entry.kind() == WorkspaceEntry.Kind.FOLDER ? LiveEnvironment.FOLDER : entry.sha256());
            }
        });
        for (String from : List.copyOf(gone)) {
            if (!gone.contains(from) || appeared.isEmpty()) {
                continue;
            }
            Map<String, String> content = subtree(live.known, from);
            String to = appeared.keySet().stream()
                    .filter(candidate -> subtree(appeared, candidate).equals(content))
                    .findFirst().orElse(null);
            if (to != null && send(live, new MoveEntry(live.workspaceId(), live.owner(), terminal, from, to))) {
                gone.removeIf(path -> path.equals(from) || path.startsWith(from + "/"));
                appeared.keySet().removeIf(path -> path.equals(to) || path.startsWith(to + "/"));
                rename(live.known, from, to);
            }
        }
    }

    /** Whether the path is one of the given ones or lies below one of them. */
    private static boolean underAny(String path, Set<String> roots) {
        for (String at = path; ; at = at.substring(0, at.lastIndexOf('/'))) {
            if (roots.contains(at)) {
                return true;
            }
            if (at.indexOf('/') < 0) {
                return false;
            }
        }
    }

    /** The entries at and under {@code root}, keyed by their path relative to it ("" for the root itself). */
    private static Map<String, String> subtree(Map<String, String> entries, String root) {
        Map<String, String> relative = new java.util.HashMap<>();
        entries.forEach((path, value) -> {
            if (path.equals(root)) {
                relative.put("", value);
            } else if (path.startsWith(root + "/")) {
                relative.put(path.substring(root.length() + 1), value);
            }
        });
        return relative;
    }

    private static void rename(Map<String, String> known, String from, String to) {
        for (String path : List.copyOf(known.keySet())) {
            if (path.equals(from) || path.startsWith(from + "/")) {
                known.put(to + path.substring(from.length()), known.remove(path));
            }
        }
    }

    private boolean send(LiveEnvironment live, Object command) {
        try {
            commands.sendAndWait(command);
            return true;
        } catch (Rejection rejection) {
            log.info("Session {}: the workspace refused a change from the environment ({}): {}", live.sessionId(),
                    rejection.code(), rejection.getMessage());
            live.notice("Not saved to the workspace: " + rejection.getMessage());
            return false;
        }
    }

    /** Remembers a file the workspace will not take, so it is not retried at every change, and tells the user. */
    private void refused(LiveEnvironment live, String path, String hash, String reason) {
        log.info("Session {}: {}", live.sessionId(), reason);
        live.known.put(path, hash);
        live.notice(reason);
    }

    private byte[] blob(String hash) {
        return queries.query(new GetBlob(hash), byte[].class).join();
    }

    private static void forget(Map<String, String> known, String path) {
        known.keySet().removeIf(candidate -> candidate.equals(path) || candidate.startsWith(path + "/"));
    }
}
