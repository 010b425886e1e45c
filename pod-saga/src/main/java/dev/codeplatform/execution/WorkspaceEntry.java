package dev.codeplatform.execution;

import java.util.Objects;

/**
 * One entry of a workspace snapshot. Folders have size 0 and no sha256; files carry their size and the lowercase hex
 * SHA-256 of their content (the content-addressed blob key).
 */
public record WorkspaceEntry(Kind kind, long size, String sha256) {

    public enum Kind { FILE, FOLDER }

    public WorkspaceEntry {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.FILE && sha256 == null) {
            throw new IllegalArgumentException("a file entry needs its sha256");
        }
    }

    public static WorkspaceEntry folder() {
        return new WorkspaceEntry(Kind.FOLDER, 0, null);
    }

    public static WorkspaceEntry file(long size, String sha256) {
        return new WorkspaceEntry(Kind.FILE, size, sha256);
    }
}
