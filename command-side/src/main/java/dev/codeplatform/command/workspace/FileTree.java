package dev.codeplatform.command.workspace;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The workspace's file tree as the aggregate needs it for its rules: no content, only hashes, sizes and the
 * version each file last changed at. Folders behave as in a file system: writing {@code a/b/c.txt} creates
 * {@code a} and {@code a/b}, and they stay when the file is deleted or moved away. Every folder, implied or created,
 * counts as an entry.
 *
 * <p>Mutated only from the aggregate's event sourcing handlers. Serialized into snapshots (Jackson, fields).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
final class FileTree {

    /** {@code version}: the workspace version of the event that last wrote or moved the file. */
    record FileState(String hash, long size, long version) {
    }

    private TreeMap<String, FileState> files = new TreeMap<>();
    private TreeSet<String> folders = new TreeSet<>();
    private long totalBytes;

    FileState file(String path) {
        return files.get(path);
    }

    boolean isFile(String path) {
        return files.containsKey(path);
    }

    boolean isFolder(String path) {
        return folders.contains(path);
    }

    boolean exists(String path) {
        return isFile(path) || isFolder(path);
    }

    /** @return the nearest ancestor of {@code path} that is a file: nothing can be put there */
    Optional<String> fileAbove(String path) {
        for (String parent = WorkspacePath.parentOf(path); parent != null; parent = WorkspacePath.parentOf(parent)) {
            if (files.containsKey(parent)) {
                return Optional.of(parent);
            }
        }
        return Optional.empty();
    }

    /** @return how many folders putting something at {@code path} would create on the way */
    int missingFoldersAbove(String path) {
        int missing = 0;
        for (String parent = WorkspacePath.parentOf(path); parent != null; parent = WorkspacePath.parentOf(parent)) {
            if (!folders.contains(parent)) {
                missing++;
            }
        }
        return missing;
    }

    int entries() {
        return files.size() + folders.size();
    }

    long totalBytes() {
        return totalBytes;
    }

    void putFile(String path, String hash, long size, long version) {
        FileState previous = files.put(path, new FileState(hash, size, version));
        totalBytes += size - (previous == null ? 0 : previous.size());
        addFoldersAbove(path);
    }

    void addFolder(String path) {
        folders.add(path);
        addFoldersAbove(path);
    }

    /** Moves a file, or a folder with everything under it; moved files count as changed at {@code version}. */
    void move(String from, String to, long version) {
        FileState file = files.remove(from);
        if (file != null) {
            files.put(to, new FileState(file.hash(), file.size(), version));
        } else {
            NavigableMap<String, FileState> movedFiles = under(files, from);
            List<Map.Entry<String, FileState>> fileEntries = new ArrayList<>(movedFiles.entrySet());
            movedFiles.clear();
            for (Map.Entry<String, FileState> entry : fileEntries) {
                FileState state = entry.getValue();
                files.put(rebase(entry.getKey(), from, to), new FileState(state.hash(), state.size(), version));
            }
            NavigableSet<String> movedFolders = under(folders, from);
            List<String> folderPaths = new ArrayList<>(movedFolders);
            movedFolders.clear();
            folders.remove(from);
            folders.add(to);
            for (String folder : folderPaths) {
                folders.add(rebase(folder, from, to));
            }
        }
        addFoldersAbove(to);
    }

    /** Deletes a file, or a folder with everything under it. */
    void delete(String path) {
        FileState file = files.remove(path);
        if (file != null) {
            totalBytes -= file.size();
            return;
        }
        NavigableMap<String, FileState> deletedFiles = under(files, path);
        for (FileState state : deletedFiles.values()) {
            totalBytes -= state.size();
        }
        deletedFiles.clear();
        under(folders, path).clear();
        folders.remove(path);
    }

    void clear() {
        files.clear();
        folders.clear();
        totalBytes = 0;
    }

    private void addFoldersAbove(String path) {
        for (String parent = WorkspacePath.parentOf(path); parent != null; parent = WorkspacePath.parentOf(parent)) {
            if (!folders.add(parent)) {
                return; // its ancestors exist already
            }
        }
    }

    private static String rebase(String path, String from, String to) {
        return to + path.substring(from.length());
    }

    /** Entries strictly under {@code folder}: '0' is the character after '/', so the range is the prefix "folder/". */
    private static <V> NavigableMap<String, V> under(NavigableMap<String, V> map, String folder) {
        return map.subMap(folder + "/", true, folder + "0", false);
    }

    private static NavigableSet<String> under(NavigableSet<String> set, String folder) {
        return set.subSet(folder + "/", true, folder + "0", false);
    }
}
