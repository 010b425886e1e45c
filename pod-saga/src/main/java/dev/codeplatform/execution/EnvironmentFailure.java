package dev.codeplatform.execution;

/**
 * An environment could not be created, did not become ready, or is not running. The message is meant for the user
 * (it ends up in {@code ExecutionEnvironmentFailed.reason}): it says what went wrong and, where possible, how to fix it.
 */
public class EnvironmentFailure extends RuntimeException {

    public EnvironmentFailure(String message) {
        super(message);
    }

    public EnvironmentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
