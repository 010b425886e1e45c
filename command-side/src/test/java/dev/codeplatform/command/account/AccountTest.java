package dev.codeplatform.command.account;

import static dev.codeplatform.command.testing.Rejections.rejectedWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeplatform.command.testing.InMemoryUsernameClaims;
import dev.codeplatform.schema.account.AccountCommands.RegisterAccount;
import dev.codeplatform.schema.account.AccountEvent.AccountRegistered;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.rejection.RejectionCode;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AccountTest {

    private static final String HASH = "$argon2id$v=19$m=16384,t=2,p=1$c2FsdA$aGFzaA";

    private final UserId alice = UserId.random();
    private final InMemoryUsernameClaims claims = new InMemoryUsernameClaims();
    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(claims);
    }

    @Test
    void registeringAnAccountRecordsItAsNoReviewerAndClaimsTheUsernameIgnoringCase() {
        fixture.givenNoPriorActivity()
               .when(new RegisterAccount(alice, "Alice.B-1", HASH))
               .expectSuccessfulHandlerExecution()
               .expectEvents(new AccountRegistered(alice, "Alice.B-1", HASH, 0));

        assertThat(claims.claims()).containsExactly(Map.entry("alice.b-1", alice));
    }

    @Test
    void aUsernameClaimedByAnotherAccountInAnotherCaseIsTaken() {
        claims.claim("alice", UserId.random());

        fixture.givenNoPriorActivity()
               .when(new RegisterAccount(alice, "ALICE", HASH))
               .expectException(rejectedWith(RejectionCode.USERNAME_TAKEN, Map.of("username", "ALICE")))
               .expectNoEvents();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"ab", "a23456789012345678901234567890123", "_alice", ".alice", "-alice", "al ice",
            "alice!", "al/ice", "älice", "alice\n"})
    void aUsernameBreakingARuleIsAnInvalidNameAndClaimsNothing(String username) {
        fixture.givenNoPriorActivity()
               .when(new RegisterAccount(alice, username, HASH))
               .expectException(rejectedWith(RejectionCode.INVALID_NAME, Map.of("field", "username")))
               .expectNoEvents();

        assertThat(claims.claims()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a2345678901234567890123456789012", "7of9", "bob_the.builder-2"})
    void usernamesWithinTheRulesAreAccepted(String username) {
        assertThat(UsernamePolicy.violation(username)).isEmpty();
    }

    @Test
    void registeringWithoutAPasswordHashIsAProgrammingError() {
        fixture.givenNoPriorActivity()
               .when(new RegisterAccount(alice, "alice", " "))
               .expectException(IllegalArgumentException.class)
               .expectNoEvents();
    }
}
