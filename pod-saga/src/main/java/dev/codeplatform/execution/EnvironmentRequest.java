package dev.codeplatform.execution;

import java.util.Objects;

/**
 * What a session asks for. {@code environmentId} is chosen by the caller (so a retried request is idempotent) and must
 * be 1-64 characters of {@code [A-Za-z0-9_.-]}, starting with a letter or digit (a UUID fits).
 */
public record EnvironmentRequest(String environmentId, String sessionId, String ownerId) {

    public EnvironmentRequest {
        Objects.requireNonNull(environmentId, "environmentId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(ownerId, "ownerId");
    }
}
