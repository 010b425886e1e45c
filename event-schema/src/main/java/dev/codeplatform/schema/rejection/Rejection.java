package dev.codeplatform.schema.rejection;

import java.util.Map;

/**
 * A command or query refused by a domain rule. Thrown by handlers before any event is applied, so a refusal
 * never changes anything; {@code details} carries what a client needs to recover (e.g. the current version).
 */
public class Rejection extends RuntimeException {

    private final RejectionCode code;
    private final Map<String, Object> details;

    public Rejection(RejectionCode code, String message) {
        this(code, message, Map.of());
    }

    public Rejection(RejectionCode code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public RejectionCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
