package dev.codeplatform.gateway.api;

import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.WorkspaceId;
import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;

/** Ids from URLs. A malformed id cannot name anything, so it reads as not found, like any unknown id. */
final class Ids {

    private Ids() {
    }

    static WorkspaceId workspace(String text) {
        try {
            return WorkspaceId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Rejection(RejectionCode.WORKSPACE_NOT_FOUND, "No workspace " + text);
        }
    }

    static SessionId session(String text) {
        try {
            return SessionId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Rejection(RejectionCode.SESSION_NOT_FOUND, "No session " + text);
        }
    }
}
