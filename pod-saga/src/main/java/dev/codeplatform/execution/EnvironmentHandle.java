package dev.codeplatform.execution;

import java.util.Objects;

/** The id under which a backend knows an environment. */
public record EnvironmentHandle(String environmentId) {

    public EnvironmentHandle {
        Objects.requireNonNull(environmentId, "environmentId");
    }
}
