package dev.codeplatform.command.workspace;

/**
 * Size limits of one workspace. Bound from {@code platform.workspace.max-file-bytes}, {@code max-total-bytes} and
 * {@code max-entries}; {@code maxEntries} counts files and folders (implied folders included).
 */
public record WorkspaceLimits(long maxFileBytes, long maxTotalBytes, int maxEntries) {

    public static final WorkspaceLimits DEFAULTS = new WorkspaceLimits(1024L * 1024, 1024L * 1024 * 1024, 10_000);

    public WorkspaceLimits {
        if (maxFileBytes <= 0 || maxTotalBytes <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("workspace limits must be positive: " + maxFileBytes + ", "
                    + maxTotalBytes + ", " + maxEntries);
        }
    }
}
