package dev.codeplatform.schema.ids;

import java.util.Objects;

/**
 * Who caused an event: a user through the API, a program in a session's terminal, or the platform itself.
 * Audit replay and review pinning rely on every event naming one.
 */
public record Actor(Kind kind, String id) {

    public enum Kind { USER, TERMINAL, SYSTEM }

    public Actor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    public static Actor user(UserId user) {
        return new Actor(Kind.USER, user.toString());
    }

    public static Actor terminal(SessionId session) {
        return new Actor(Kind.TERMINAL, session.toString());
    }

    public static Actor system(String component) {
        return new Actor(Kind.SYSTEM, component);
    }
}
