package dev.codeplatform.query.versions;

/** A read model whose rows record the aggregate version they reflect. */
public enum ReadModel {
    /** An account is a single event, so a readable account is at version 1. */
    ACCOUNT("select 1::bigint from account_view where user_id = $1"),
    WORKSPACE("select version from workspace_view where id = $1"),
    SESSION("select version from session_view where id = $1");

    private final String versionQuery;

    ReadModel(String versionQuery) {
        this.versionQuery = versionQuery;
    }

    String versionQuery() {
        return versionQuery;
    }
}
