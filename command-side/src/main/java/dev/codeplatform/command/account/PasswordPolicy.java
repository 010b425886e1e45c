package dev.codeplatform.command.account;

import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which passwords are acceptable: 10-128 characters, not the username, not one character repeated and not one of
 * the passwords that lead every breach list. Length is what makes a password strong; composition rules ("a digit and
 * a symbol") mostly produce {@code Password1!}, so there are none.
 *
 * <p>Plain passwords never enter a message, so the gateway applies this before hashing and sending
 * {@code RegisterAccount}.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 128;

    /** Lower-case; only entries of at least {@link #MIN_LENGTH} characters matter, shorter ones fail on length. */
    private static final Set<String> COMMON = Set.of(
            "0123456789", "1234567890", "12345678910", "0987654321", "123456789a", "a123456789",
            "1q2w3e4r5t", "1q2w3e4r5t6y", "1qaz2wsx3edc", "123qweasdzxc", "qwertyuiop", "qwertyuiop123",
            "qwerty1234", "qwerty12345", "qwerty123456", "asdfghjkl1", "asdfghjkl123", "zxcvbnm123",
            "password12", "password123", "password1234", "password12345", "password!1", "passw0rd12",
            "passw0rd123", "p@ssw0rd12", "p@ssword123", "iloveyou12", "iloveyou123", "abcdefghij",
            "abc1234567", "abcd123456", "letmein123", "welcome123", "changeme123", "administrator",
            "football123", "baseball123", "princess12", "princess123", "sunshine12", "sunshine123",
            "trustno1trustno1", "dragon1234", "monkey1234", "superman123", "starwars123", "whatever12");

    private PasswordPolicy() {
    }

    /** @return why {@code password} is not acceptable for {@code username}, or empty if it is */
    public static Optional<String> violation(String password, String username) {
        if (password == null || password.isEmpty()) {
            return Optional.of("password is empty");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of("password must be at least " + MIN_LENGTH + " characters long");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("password must be at most " + MAX_LENGTH + " characters long");
        }
        if (username != null && password.equalsIgnoreCase(username)) {
            return Optional.of("password must not be the username");
        }
        if (password.codePoints().distinct().count() == 1) {
            return Optional.of("password must not be one character repeated");
        }
        if (COMMON.contains(password.toLowerCase(Locale.ROOT))) {
            return Optional.of("password is too common");
        }
        return Optional.empty();
    }

    /** @throws Rejection {@link RejectionCode#WEAK_PASSWORD} if {@code password} is not acceptable */
    public static void require(String password, String username) {
        violation(password, username).ifPresent(reason -> {
            throw new Rejection(RejectionCode.WEAK_PASSWORD, reason, Map.of("field", "password"));
        });
    }
}
