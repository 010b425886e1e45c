package dev.codeplatform.schema.rejection;

/** Stable codes for refused commands and queries; the gateway turns the category into an HTTP status. */
public enum RejectionCode {
    INVALID_PATH(Category.INVALID),
    INVALID_NAME(Category.INVALID),
    WEAK_PASSWORD(Category.INVALID),
    NOT_A_FILE(Category.INVALID),
    INVALID_ARGUMENT(Category.INVALID),
    WORKSPACE_NOT_FOUND(Category.NOT_FOUND),
    FILE_NOT_FOUND(Category.NOT_FOUND),
    SESSION_NOT_FOUND(Category.NOT_FOUND),
    USERNAME_TAKEN(Category.CONFLICT),
    VERSION_CONFLICT(Category.CONFLICT),
    PATH_CONFLICT(Category.CONFLICT),
    SESSION_CLOSED(Category.CONFLICT),
    SESSION_NOT_READY(Category.CONFLICT),
    INVALID_TICKET(Category.UNAUTHENTICATED),
    FILE_TOO_LARGE(Category.TOO_LARGE),
    WORKSPACE_FULL(Category.TOO_LARGE),
    TOO_MANY_ENTRIES(Category.TOO_LARGE),
    TOO_MANY_SESSIONS(Category.TOO_MANY),
    NOT_YET_VISIBLE(Category.UNAVAILABLE);

    public enum Category { INVALID, UNAUTHENTICATED, NOT_FOUND, CONFLICT, TOO_LARGE, TOO_MANY, UNAVAILABLE }

    private final Category category;

    RejectionCode(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }
}
