package dev.codeplatform.gateway.api;

import dev.codeplatform.schema.ids.UserId;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.server.ResponseStatusException;

/** The caller's user id: the subject of their access token. */
final class CurrentUser {

    private CurrentUser() {
    }

    static UserId of(Jwt token) {
        try {
            return UserId.parse(token.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "The access token's subject is not a user id");
        }
    }
}
