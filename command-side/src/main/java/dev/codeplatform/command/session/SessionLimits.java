package dev.codeplatform.command.session;

/** Bound from {@code platform.sessions.max-open-per-user}: each open session may hold an execution environment. */
public record SessionLimits(int maxOpenPerUser) {

    public static final SessionLimits DEFAULTS = new SessionLimits(20);

    public SessionLimits {
        if (maxOpenPerUser <= 0) {
            throw new IllegalArgumentException("maxOpenPerUser must be positive: " + maxOpenPerUser);
        }
    }
}
