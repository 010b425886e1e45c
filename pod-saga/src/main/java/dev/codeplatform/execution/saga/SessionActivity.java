package dev.codeplatform.execution.saga;

import dev.codeplatform.schema.ids.SessionId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each session was last used: terminal input and file changes touch it. Kept in memory on purpose: it changes
 * on every keystroke, and after a restart every session simply counts as active from then on.
 */
public class SessionActivity {

    private final Clock clock;
    private final Map<SessionId, Instant> lastUse = new ConcurrentHashMap<>();

    public SessionActivity(Clock clock) {
        this.clock = clock;
    }

    public void touch(SessionId session) {
        lastUse.put(session, clock.instant());
    }

    Duration idleFor(SessionId session) {
        Instant last = lastUse.computeIfAbsent(session, id -> clock.instant());
        return Duration.between(last, clock.instant());
    }

    void forget(SessionId session) {
        lastUse.remove(session);
    }
}
