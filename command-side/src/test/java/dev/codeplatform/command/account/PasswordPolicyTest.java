package dev.codeplatform.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"short", "123456789", "aaaaaaaaaaaa", "Password123", "QWERTYUIOP", "1q2w3e4r5t",
            "Alice.Smith"})
    void weakPasswordsAreRefused(String password) {
        assertThatThrownBy(() -> PasswordPolicy.require(password, "alice.smith"))
                .isInstanceOfSatisfying(Rejection.class,
                        r -> assertThat(r.code()).isEqualTo(RejectionCode.WEAK_PASSWORD));
    }

    @Test
    void aPasswordLongerThan128CharactersIsRefused() {
        assertThat(PasswordPolicy.violation("x1".repeat(64) + "y", "alice")).isPresent();
        assertThat(PasswordPolicy.violation("x1".repeat(64), "alice")).isEmpty();
    }

    @Test
    void lengthCountsCharactersNotBytes() {
        assertThat(PasswordPolicy.violation("ключ-пароль", "alice")).isEmpty();
        assertThat(PasswordPolicy.violation("😀😁😂🤣😃😄😅😆😉", "alice")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"correct horse battery staple", "tr0ub4dor&3x", "0123456789a"})
    void longUncommonPasswordsAreAccepted(String password) {
        assertThat(PasswordPolicy.violation(password, "alice")).isEmpty();
    }
}
