package dev.codeplatform.command.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashingTest {

    private final PasswordHashing hashing = new PasswordHashing();

    @Test
    void aHashIsArgon2idSaltedAndMatchesOnlyItsPassword() {
        String hash = hashing.hash("correct horse battery staple");

        assertThat(hash).startsWith("$argon2id$");
        assertThat(hashing.hash("correct horse battery staple")).isNotEqualTo(hash);
        assertThat(hashing.matches("correct horse battery staple", hash)).isTrue();
        assertThat(hashing.matches("correct horse battery stapler", hash)).isFalse();
    }

    @Test
    void anUnknownAccountNeverMatches() {
        assertThat(hashing.matches("anything at all", null)).isFalse();
        assertThat(hashing.matches(null, null)).isFalse();
    }
}
