package dev.codeplatform.command.session;

import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;

/**
 * The sessions each user holds, kept transactionally beside the events so that the per-user limit holds across
 * replicas and does not depend on a read model catching up. All methods work in the current transaction.
 */
public interface OpenSessionClaims {

    /**
     * Locks {@code owner}'s claims until the current transaction ends (concurrent openers for the same owner wait
     * here) and then counts them, so count-then-claim cannot overshoot the limit.
     */
    int lockAndCount(UserId owner);

    /** Records {@code sessionId} as held by {@code owner}; claiming it again does nothing. */
    void claim(SessionId sessionId, UserId owner);

    /** Forgets {@code sessionId}; releasing it again does nothing. */
    void release(SessionId sessionId);
}
