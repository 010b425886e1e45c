package dev.codeplatform.command.account;

import java.util.Objects;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id password hashes (Spring Security 5.8 defaults: 16 MiB, 2 iterations, parallelism 1). The gateway hashes
 * before sending {@code RegisterAccount} and verifies at login.
 */
public class PasswordHashing {

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

    /** Verified against when the account does not exist, so an unknown username costs as long as a wrong password. */
    private final String dummyHash = encoder.encode("no such account: this only equalises the timing");

    public String hash(String rawPassword) {
        Objects.requireNonNull(rawPassword, "rawPassword");
        return encoder.encode(rawPassword);
    }

    /**
     * @param storedHash the account's hash, or null when no account has the given username: the work is done
     *                   anyway and the answer is false, so response times do not reveal which usernames exist
     */
    public boolean matches(String rawPassword, String storedHash) {
        if (rawPassword == null) {
            return false;
        }
        if (storedHash == null) {
            encoder.matches(rawPassword, dummyHash);
            return false;
        }
        return encoder.matches(rawPassword, storedHash);
    }
}
