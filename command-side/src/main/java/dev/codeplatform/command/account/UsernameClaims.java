package dev.codeplatform.command.account;

import dev.codeplatform.schema.ids.UserId;

/**
 * Unique usernames despite eventual consistency: the read model may not yet show an account registered a moment
 * ago, so the claim is written in the same transaction as the {@code AccountRegistered} event and is rolled back
 * with it.
 */
public interface UsernameClaims {

    /**
     * Claims {@code usernameKey} (see {@link UsernamePolicy#uniquenessKey}) for {@code userId} in the current
     * transaction; a concurrent claim of the same key waits for the other transaction to end.
     *
     * @return false if the key is already claimed
     */
    boolean claim(String usernameKey, UserId userId);
}
