package dev.codeplatform.schema.account;

import dev.codeplatform.schema.ids.UserId;

public sealed interface AccountEvent {

    UserId userId();

    /** A new account starts at reviewer level 0 (not a reviewer); promotion is a later event. */
    record AccountRegistered(UserId userId, String username, String passwordHash, int reviewerLevel)
            implements AccountEvent {
    }
}
