package dev.codeplatform.schema.account;

import dev.codeplatform.schema.ids.UserId;

public final class AccountQueries {

    private AccountQueries() {
    }

    /** Answers an {@link Credentials} or null; usernames match case-insensitively. */
    public record FindCredentials(String username) {
    }

    public record Credentials(UserId userId, String username, String passwordHash, int reviewerLevel) {
    }
}
