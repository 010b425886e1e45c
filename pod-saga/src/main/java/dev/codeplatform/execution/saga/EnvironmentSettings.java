package dev.codeplatform.execution.saga;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How environments are run: the deadline for one start attempt, how many attempts, the first retry's backoff
 * (doubling), how long a session may be idle before it is stopped, and how many environments are kept started ahead
 * (warm: a session opened takes one with its shell at the prompt instead of waiting for a start; 0 turns this off).
 */
@ConfigurationProperties("platform.environments")
public record EnvironmentSettings(@DefaultValue("30s") Duration startTimeout,
                                  @DefaultValue("3") int maxAttempts,
                                  @DefaultValue("1s") Duration retryBackoff,
                                  @DefaultValue("30m") Duration idleTimeout,
                                  @DefaultValue("2") int warm) {

    /**
     * The longest a session can stay starting: every attempt runs into its deadline, with the backoffs between them.
     * After that the session is ready or failed.
     */
    public Duration longestStart() {
        Duration longest = startTimeout.multipliedBy(maxAttempts);
        for (int failedAttempt = 1; failedAttempt < maxAttempts; failedAttempt++) {
            longest = longest.plus(backoffAfter(failedAttempt));
        }
        return longest;
    }

    /** The wait before attempt {@code failedAttempt + 1}: the backoff, doubled for every attempt already failed. */
    Duration backoffAfter(int failedAttempt) {
        return retryBackoff.multipliedBy(1L << Math.min(failedAttempt - 1, 10));
    }
}
