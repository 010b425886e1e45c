package dev.codeplatform.execution.local;

import dev.codeplatform.execution.WorkspaceEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * File operations inside one workspace that never follow a symlink: every step goes through a
 * {@link SecureDirectoryStream} (openat with O_NOFOLLOW relative to the already opened parent), so the sandbox cannot
 * redirect the server by swapping a folder for a symlink between a check and a use. Callers run these on the
 * environment's {@link SandboxUserWorker}. Paths are relative, {@code /}-separated, and validated again here.
 */
final class WorkspaceFiles {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final int MAX_PATH_LENGTH = 4096;
    private static final int MAX_NAME_BYTES = 255;

    private final Path workspace;

    WorkspaceFiles(Path workspace) {
        this.workspace = workspace;
    }

    /** Touches the classes the operations use, so that none is loaded after the thread dropped its privileges. */
    static void warmUp() {
        WorkspaceEntry.folder();
        WorkspaceEntry.file(0, "");
        segments("warm/up");
        new NotInTreeException("warm", "up").getMessage();
        new TreeMap<String, WorkspaceEntry>().put("", WorkspaceEntry.folder());
    }

    /** Splits and checks a relative path: no leading /, no empty, "." or ".." segment, no NUL. */
    static List<String> segments(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw new IllegalArgumentException("path longer than " + MAX_PATH_LENGTH + " characters");
        }
        if (path.startsWith("/") || path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("not a relative workspace path: " + path);
        }
        List<String> segments = List.of(path.split("/", -1));
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("not a relative workspace path: " + path);
            }
            if (segment.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("name longer than " + MAX_NAME_BYTES + " bytes in " + path);
            }
        }
        return segments;
    }

    void writeFile(String path, byte[] content) throws IOException {
        List<String> segments = segments(path);
        try (SecureDirectoryStream<Path> parent = openParent(segments, path, true)) {
            Path name = Path.of(last(segments));
            Optional<BasicFileAttributes> existing = attributes(parent, name);
            Set<OpenOption> options;
            if (existing.isEmpty()) {
                options = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, NOFOLLOW);
            } else if (existing.get().isRegularFile()) {
                options = Set.of(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, NOFOLLOW);
            } else {
                throw new FileSystemException(path, null, describe(existing.get()) + ", not a regular file");
            }
            // written in place (not a temp file + rename): the file keeps its mode and inode, and a watcher sees
            // only this path change
            try (SeekableByteChannel channel = parent.newByteChannel(name, options)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (FileSystemException e) {
                throw refine(e, parent, name, path);
            }
        }
    }

    void createFolder(String path) throws IOException {
        List<String> segments = segments(path);
        List<String> all = new ArrayList<>(segments);
        all.add("."); // openParent walks every segment but the last one
        openParent(all, path, true).close();
    }

    void delete(String path) throws IOException {
        List<String> segments = segments(path);
        SecureDirectoryStream<Path> parent;
        try {
            parent = openParent(segments, path, false);
        } catch (NoSuchFileException | NotInTreeException e) {
            return; // the path is not in the workspace's tree (a parent is missing, a file or a symlink)
        }
        try (parent) {
            Path name = Path.of(last(segments));
            Optional<BasicFileAttributes> attributes = attributes(parent, name);
            if (attributes.isEmpty()) {
                return;
            }
            if (attributes.get().isDirectory()) {
                deleteTree(parent, name, 0);
            } else {
                parent.deleteFile(name); // a symlink is removed itself, never its target
            }
        } catch (NoSuchFileException e) {
            // deleted meanwhile
        }
    }

    private void deleteTree(SecureDirectoryStream<Path> parent, Path name, int attempt) throws IOException {
        try (SecureDirectoryStream<Path> dir = parent.newDirectoryStream(name, NOFOLLOW)) {
            for (Path child : names(dir)) {
                Optional<BasicFileAttributes> attributes = attributes(dir, child);
                if (attributes.isPresent() && attributes.get().isDirectory()) {
                    deleteTree(dir, child, 0);
                } else if (attributes.isPresent()) {
                    try {
                        dir.deleteFile(child);
                    } catch (NoSuchFileException e) {
                        // gone meanwhile
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return;
        }
        try {
            parent.deleteDirectory(name);
        } catch (NoSuchFileException e) {
            // gone meanwhile
        } catch (DirectoryNotEmptyException e) {
            if (attempt >= 3) { // a program keeps writing into it
                throw e;
            }
            deleteTree(parent, name, attempt + 1);
        }
    }

    void move(String from, String to) throws IOException {
        List<String> source = segments(from);
        List<String> target = segments(to);
        if (to.equals(from) || to.startsWith(from + "/")) {
            throw new IllegalArgumentException("cannot move " + from + " into itself (" + to + ")");
        }
        try (SecureDirectoryStream<Path> sourceParent = openParent(source, from, false);
             SecureDirectoryStream<Path> targetParent = openParent(target, to, true)) {
            Path name = Path.of(last(source));
            if (attributes(sourceParent, name).isEmpty()) {
                throw new NoSuchFileException(from);
            }
            sourceParent.move(name, targetParent, Path.of(last(target))); // renameat: moves a symlink itself
        }
    }

    /** Regular files and folders; symlinks, FIFOs, sockets and devices are skipped, and nothing below a symlink. */
    Map<String, WorkspaceEntry> scan(long maxEntries) throws IOException {
        Map<String, WorkspaceEntry> entries = new TreeMap<>();
        try (SecureDirectoryStream<Path> root = openRoot()) {
            walk(root, "", entries, maxEntries, ByteBuffer.allocate(64 * 1024));
        }
        return entries;
    }

    /** {@link #scan(long)} limited to the given paths and what is below them; what is not there is absent. */
    Map<String, WorkspaceEntry> scan(Collection<String> paths, long maxEntries) throws IOException {
        Map<String, WorkspaceEntry> entries = new TreeMap<>();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        String covered = null;
        for (String path : new TreeSet<>(paths)) { // sorted: a folder comes right before what is below it
            if (covered != null && path.startsWith(covered + "/")) {
                continue;
            }
            List<String> segments;
            try {
                segments = segments(path);
            } catch (IllegalArgumentException e) {
                continue;
            }
            covered = path;
            Path name = Path.of(segments.get(segments.size() - 1));
            try (SecureDirectoryStream<Path> parent = openParent(segments, path, false)) {
                Optional<BasicFileAttributes> attributes = attributes(parent, name);
                if (attributes.isPresent() && attributes.get().isDirectory()) {
                    try (SecureDirectoryStream<Path> folder = parent.newDirectoryStream(name, NOFOLLOW)) {
                        entries.put(path, WorkspaceEntry.folder());
                        walk(folder, path + "/", entries, maxEntries, buffer);
                    }
                } else if (attributes.isPresent() && attributes.get().isRegularFile()) {
                    hash(parent, name, buffer).ifPresent(entry -> entries.put(path, entry));
                }
            } catch (FileSystemException e) {
                // gone, a folder on the way replaced meanwhile, or a symlink on the way (nothing below it is ours)
            }
        }
        return entries;
    }

    private void walk(SecureDirectoryStream<Path> dir, String prefix, Map<String, WorkspaceEntry> entries,
                      long maxEntries, ByteBuffer buffer) throws IOException {
        for (Path name : names(dir)) {
            if (entries.size() >= maxEntries) {
                throw new IOException("the workspace has more than " + maxEntries + " files and folders");
            }
            String path = prefix + name;
            Optional<BasicFileAttributes> attributes = attributes(dir, name);
            if (attributes.isEmpty()) {
                continue;
            }
            if (attributes.get().isDirectory()) {
                entries.put(path, WorkspaceEntry.folder());
                SecureDirectoryStream<Path> child;
                try {
                    child = dir.newDirectoryStream(name, NOFOLLOW);
                } catch (AccessDeniedException e) { // chmod 000 by its owner: the folder is there, its content unknown
                    continue;
                } catch (FileSystemException e) { // replaced by a symlink or file, or deleted, meanwhile
                    entries.remove(path);
                    continue;
                }
                try (child) {
                    walk(child, path + "/", entries, maxEntries, buffer);
                }
            } else if (attributes.get().isRegularFile()) {
                hash(dir, name, buffer).ifPresent(entry -> entries.put(path, entry));
            }
        }
    }

    private static Optional<WorkspaceEntry> hash(SecureDirectoryStream<Path> dir, Path name, ByteBuffer buffer)
            throws IOException {
        MessageDigest digest = sha256();
        long size = 0;
        buffer.clear();
        try (SeekableByteChannel channel = dir.newByteChannel(name, Set.of(StandardOpenOption.READ, NOFOLLOW))) {
            int n;
            while ((n = channel.read(buffer)) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
                size += n;
            }
        } catch (NoSuchFileException | AccessDeniedException e) {
            return Optional.empty(); // deleted meanwhile, or chmod 000 by its owner
        } catch (FileSystemException e) {
            return Optional.empty(); // replaced by a symlink meanwhile (ELOOP)
        }
        return Optional.of(WorkspaceEntry.file(size, HexFormat.of().formatHex(digest.digest())));
    }

    byte[] readFile(String path, long maxBytes) throws IOException {
        List<String> segments = segments(path);
        try (SecureDirectoryStream<Path> parent = openParent(segments, path, false)) {
            Path name = Path.of(last(segments));
            BasicFileAttributes attributes = attributes(parent, name).orElseThrow(() -> new NoSuchFileException(path));
            if (!attributes.isRegularFile()) {
                throw new FileSystemException(path, null, describe(attributes) + ", not a regular file");
            }
            if (attributes.size() > maxBytes) {
                throw new FileSystemException(path, null, "larger than " + maxBytes + " bytes");
            }
            // read at most maxBytes + 1 bytes, growing the buffer as needed: the file may change after the check
            long limit = Math.min(maxBytes + 1 < 0 ? Long.MAX_VALUE : maxBytes + 1, Integer.MAX_VALUE - 8);
            try (SeekableByteChannel channel = parent.newByteChannel(name, Set.of(StandardOpenOption.READ, NOFOLLOW))) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(limit, Math.max(attributes.size() + 1, 8192)));
                while (true) {
                    if (!buffer.hasRemaining()) {
                        if (buffer.capacity() >= limit) {
                            break;
                        }
                        ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(limit, (long) buffer.capacity() * 2));
                        buffer = bigger.put(buffer.flip());
                    }
                    if (channel.read(buffer) < 0) {
                        break;
                    }
                }
                if (buffer.position() > maxBytes) {
                    throw new FileSystemException(path, null, "larger than " + maxBytes + " bytes");
                }
                byte[] content = new byte[buffer.position()];
                buffer.flip().get(content);
                return content;
            } catch (FileSystemException e) {
                throw refine(e, parent, name, path);
            }
        }
    }

    /**
     * Opens every FIFO in the workspace read-write and closes it again. Opening a FIFO read-write never blocks, and it
     * releases a thread blocked in opening that FIFO (a regular file swapped for a FIFO by the sandbox). Run as root
     * when stopping an environment whose file thread is stuck.
     */
    static void releaseFifos(Path workspace) {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(workspace)) {
            if (stream instanceof SecureDirectoryStream<Path> root) {
                releaseFifos(root, 0);
            }
        } catch (IOException e) {
            // best effort
        }
    }

    private static void releaseFifos(SecureDirectoryStream<Path> dir, int depth) throws IOException {
        for (Path name : names(dir)) {
            Optional<BasicFileAttributes> attributes = attributes(dir, name);
            if (attributes.isEmpty()) {
                continue;
            }
            if (attributes.get().isDirectory() && depth < 256) {
                try (SecureDirectoryStream<Path> child = dir.newDirectoryStream(name, NOFOLLOW)) {
                    releaseFifos(child, depth + 1);
                } catch (IOException e) {
                    // skip
                }
            } else if (attributes.get().isOther()) {
                try (SeekableByteChannel ignored = dir.newByteChannel(name,
                        Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, NOFOLLOW))) {
                    // opened and closed: a blocked reader got its writer, then end of file
                } catch (IOException e) {
                    // a socket, or gone
                }
            }
        }
    }

    private SecureDirectoryStream<Path> openRoot() throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(workspace);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new IOException("this platform has no SecureDirectoryStream: refusing to touch the workspace");
    }

    /**
     * Opens the folder holding the last segment, descending without following symlinks. With {@code create}, missing
     * folders are made (mkdir by absolute path, which could follow a symlink swapped in at that instant: harmless, as
     * the thread has the sandbox user's rights only; the folder is then re-opened with O_NOFOLLOW).
     */
    private SecureDirectoryStream<Path> openParent(List<String> segments, String path, boolean create)
            throws IOException {
        SecureDirectoryStream<Path> dir = openRoot();
        try {
            for (int i = 0; i < segments.size() - 1; i++) {
                Path name = Path.of(segments.get(i));
                SecureDirectoryStream<Path> child;
                try {
                    child = dir.newDirectoryStream(name, NOFOLLOW);
                } catch (NoSuchFileException e) {
                    if (!create) {
                        throw new NoSuchFileException(path);
                    }
                    try {
                        Files.createDirectory(workspace.resolve(String.join("/", segments.subList(0, i + 1))));
                    } catch (FileAlreadyExistsException raced) {
                        // made meanwhile
                    }
                    child = dir.newDirectoryStream(name, NOFOLLOW);
                } catch (FileSystemException e) {
                    throw refine(e, dir, name, String.join("/", segments.subList(0, i + 1)));
                }
                dir.close();
                dir = child;
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /** Explains ELOOP/ENOTDIR in words: "x is a symbolic link (not followed)". */
    private static FileSystemException refine(FileSystemException e, SecureDirectoryStream<Path> dir, Path name,
                                              String path) {
        if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
            return e;
        }
        Optional<BasicFileAttributes> attributes;
        try {
            attributes = attributes(dir, name);
        } catch (IOException ignored) {
            attributes = Optional.empty();
        }
        if (attributes.isPresent() && !attributes.get().isDirectory() && !attributes.get().isRegularFile()) {
            return new NotInTreeException(path, describe(attributes.get()) + " (not followed)");
        }
        if (attributes.isPresent() && attributes.get().isRegularFile() && e instanceof NotDirectoryException) {
            return new NotInTreeException(path, "is a file, not a folder");
        }
        return e;
    }

    /** A path that leads through a symlink or a file: outside the workspace's tree of folders. */
    static final class NotInTreeException extends FileSystemException {

        NotInTreeException(String path, String reason) {
            super(path, null, reason);
        }
    }

    private static String describe(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return "is a symbolic link";
        }
        if (attributes.isDirectory()) {
            return "is a folder";
        }
        if (attributes.isOther()) {
            return "is a FIFO, socket or device";
        }
        return "is a file";
    }

    /** lstat relative to the open folder; empty if missing. */
    private static Optional<BasicFileAttributes> attributes(SecureDirectoryStream<Path> dir, Path name)
            throws IOException {
        try {
            return Optional.of(dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW)
                    .readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The entries' names (a SecureDirectoryStream can be iterated once; its paths carry the stream's own path). */
    private static List<Path> names(SecureDirectoryStream<Path> dir) {
        List<Path> names = new ArrayList<>();
        for (Path entry : dir) {
            names.add(entry.getFileName());
        }
        return names;
    }

    private static String last(List<String> segments) {
        return segments.get(segments.size() - 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
