package dev.codeplatform.command.testing;

import dev.codeplatform.command.account.UsernameClaims;
import dev.codeplatform.schema.ids.UserId;
import java.util.HashMap;
import java.util.Map;

public class InMemoryUsernameClaims implements UsernameClaims {

    private final Map<String, UserId> claims = new HashMap<>();

    @Override
    public boolean claim(String usernameKey, UserId userId) {
        return claims.putIfAbsent(usernameKey, userId) == null;
    }

    public Map<String, UserId> claims() {
        return claims;
    }
}
