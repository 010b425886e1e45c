package dev.codeplatform.command.testing;

import dev.codeplatform.command.session.OpenSessionClaims;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import java.util.LinkedHashMap;
import java.util.Map;

public class InMemoryOpenSessionClaims implements OpenSessionClaims {

    private final Map<SessionId, UserId> claims = new LinkedHashMap<>();

    @Override
    public int lockAndCount(UserId owner) {
        return (int) claims.values().stream().filter(owner::equals).count();
    }

    @Override
    public void claim(SessionId sessionId, UserId owner) {
        claims.putIfAbsent(sessionId, owner);
    }

    @Override
    public void release(SessionId sessionId) {
        claims.remove(sessionId);
    }

    public Map<SessionId, UserId> claims() {
        return claims;
    }
}
