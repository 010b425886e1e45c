package dev.codeplatform.command.workspace;

import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which paths a workspace accepts: relative, '/'-separated, the same on every operating system an environment may
 * sync them to. Paths are compared as given (no normalisation), so anything that a file system could read two ways
 * ({@code a//b}, {@code a/./b}, {@code a\b}) or that could leave the workspace ({@code ..}, {@code /etc}) is refused.
 */
public final class WorkspacePath {

    public static final int MAX_BYTES = 1024;
    public static final int MAX_SEGMENT_BYTES = 255;
    public static final int MAX_DEPTH = 32;

    /** One refused rule; {@code key} is stable and lands in the rejection's details as {@code rule}. */
    public enum Violation {
        EMPTY("empty", "path is empty"),
        INVALID_UNICODE("invalid-unicode", "path is not valid Unicode (unpaired surrogate)"),
        TOO_LONG("too-long", "path is longer than " + MAX_BYTES + " bytes in UTF-8"),
        ABSOLUTE("absolute", "path must be relative (no leading '/')"),
        BACKSLASH("backslash", "path must use '/' as separator, not '\\'"),
        CONTROL_CHARACTER("control-character", "path contains NUL or another control character"),
        EMPTY_SEGMENT("empty-segment", "path contains an empty segment ('//' or a trailing '/')"),
        DOT_SEGMENT("dot-segment", "path contains a '.' or '..' segment"),
        SEGMENT_TOO_LONG("segment-too-long", "a path segment is longer than " + MAX_SEGMENT_BYTES + " bytes in UTF-8"),
        TOO_DEEP("too-deep", "path is deeper than " + MAX_DEPTH + " levels");

        private final String key;
        private final String description;

        Violation(String key, String description) {
            this.key = key;
            this.description = description;
        }

        public String key() {
            return key;
        }

        public String description() {
            return description;
        }
    }

    private WorkspacePath() {
    }

    /** @return the first rule {@code path} breaks, or empty if it is a valid workspace path */
    public static Optional<Violation> violation(String path) {
        if (path == null || path.isEmpty()) {
            return Optional.of(Violation.EMPTY);
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < path.length() && Character.isLowSurrogate(path.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(Violation.INVALID_UNICODE);
            }
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of(Violation.TOO_LONG);
        }
        if (path.charAt(0) == '/') {
            return Optional.of(Violation.ABSOLUTE);
        }
        if (path.indexOf('\\') >= 0) {
            return Optional.of(Violation.BACKSLASH);
        }
        // Character.isISOControl: C0 (NUL..US), DEL and C1 (U+0080..U+009F)
        if (path.chars().anyMatch(c -> Character.isISOControl((char) c))) {
            return Optional.of(Violation.CONTROL_CHARACTER);
        }
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return Optional.of(Violation.EMPTY_SEGMENT);
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of(Violation.DOT_SEGMENT);
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return Optional.of(Violation.SEGMENT_TOO_LONG);
            }
        }
        if (segments.length > MAX_DEPTH) {
            return Optional.of(Violation.TOO_DEEP);
        }
        return Optional.empty();
    }

    /**
     * @return {@code path}, unchanged
     * @throws Rejection {@link RejectionCode#INVALID_PATH} naming the broken rule in {@code details.rule}
     */
    public static String require(String path) {
        Optional<Violation> violation = violation(path);
        if (violation.isPresent()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("rule", violation.get().key());
            if (path != null && violation.get() != Violation.TOO_LONG) {
                details.put("path", path);
            }
            throw new Rejection(RejectionCode.INVALID_PATH, violation.get().description(), details);
        }
        return path;
    }

    /** @return the parent folder's path, or null for a top-level entry */
    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? null : path.substring(0, slash);
    }

    /** @return whether {@code path} is {@code folder} itself or lies under it */
    static boolean isWithin(String path, String folder) {
        return path.equals(folder) || path.startsWith(folder + "/");
    }
}
