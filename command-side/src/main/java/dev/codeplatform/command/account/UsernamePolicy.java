package dev.codeplatform.command.account;

import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which usernames are acceptable: 3-32 characters of {@code [a-zA-Z0-9_.-]}, starting with a letter or digit.
 * ASCII only, so the case-insensitive uniqueness key ({@link #uniquenessKey}) is unambiguous.
 */
public final class UsernamePolicy {

    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 32;

    private static final Pattern ALLOWED = Pattern.compile("[a-zA-Z0-9_.-]*");

    private UsernamePolicy() {
    }

    /** @return why {@code username} is not acceptable, or empty if it is */
    public static Optional<String> violation(String username) {
        if (username == null || username.isEmpty()) {
            return Optional.of("username is empty");
        }
        if (username.length() < MIN_LENGTH || username.length() > MAX_LENGTH) {
            return Optional.of("username must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long");
        }
        if (!ALLOWED.matcher(username).matches()) {
            return Optional.of("username may contain only letters, digits, '_', '.' and '-'");
        }
        if (!Character.isLetterOrDigit(username.charAt(0))) {
            return Optional.of("username must start with a letter or a digit");
        }
        return Optional.empty();
    }

    /** @throws Rejection {@link RejectionCode#INVALID_NAME} if {@code username} is not acceptable */
    public static String require(String username) {
        violation(username).ifPresent(reason -> {
            throw new Rejection(RejectionCode.INVALID_NAME, reason, Map.of("field", "username"));
        });
        return username;
    }

    /** Usernames are unique ignoring case: "Alice" and "alice" are the same account. */
    public static String uniquenessKey(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
