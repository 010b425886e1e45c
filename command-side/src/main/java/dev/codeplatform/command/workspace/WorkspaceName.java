package dev.codeplatform.command.workspace;

import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import java.util.Map;
import java.util.Optional;

/** Which workspace names are acceptable: 1-100 characters once trimmed, no control characters. */
public final class WorkspaceName {

    public static final int MAX_LENGTH = 100;

    private WorkspaceName() {
    }

    /** @return why {@code name} is not acceptable, or empty if it is */
    public static Optional<String> violation(String name) {
        if (name == null || name.strip().isEmpty()) {
            return Optional.of("workspace name is empty");
        }
        if (name.chars().anyMatch(c -> Character.isISOControl((char) c))) {
            return Optional.of("workspace name contains a control character");
        }
        String trimmed = name.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_LENGTH) {
            return Optional.of("workspace name is longer than " + MAX_LENGTH + " characters");
        }
        return Optional.empty();
    }

    /**
     * @return the name as stored: without leading and trailing white space
     * @throws Rejection {@link RejectionCode#INVALID_NAME} if {@code name} is not acceptable
     */
    public static String require(String name) {
        violation(name).ifPresent(reason -> {
            throw new Rejection(RejectionCode.INVALID_NAME, reason, Map.of("field", "name"));
        });
        return name.strip();
    }
}
