package dev.codeplatform.gateway.api;

import dev.codeplatform.command.account.PasswordHashing;
import dev.codeplatform.command.account.PasswordPolicy;
import dev.codeplatform.gateway.auth.SigningKey;
import dev.codeplatform.gateway.auth.TokenIssuer;
import dev.codeplatform.gateway.auth.TokenIssuer.IssuedToken;
import dev.codeplatform.query.versions.ProjectedVersions;
import dev.codeplatform.query.versions.ReadModel;
import dev.codeplatform.schema.account.AccountCommands.RegisterAccount;
import dev.codeplatform.schema.account.AccountQueries.Credentials;
import dev.codeplatform.schema.account.AccountQueries.FindCredentials;
import dev.codeplatform.schema.ids.UserId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/auth")
class AuthController {

    record Registration(@NotNull String username, @NotNull String password) {
    }

    record Registered(UserId userId, String username) {
    }

    private final Messaging messaging;
    private final PasswordHashing hashing;
    private final TokenIssuer tokens;
    private final SigningKey signingKey;
    private final ProjectedVersions versions;

    AuthController(Messaging messaging, PasswordHashing hashing, TokenIssuer tokens, SigningKey signingKey,
                   ProjectedVersions versions) {
        this.messaging = messaging;
        this.hashing = hashing;
        this.tokens = tokens;
        this.signingKey = signingKey;
        this.versions = versions;
    }

    /** Answers once the account can log in, so a client may log in right after. */
    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Registered> register(@Valid @RequestBody Registration registration) {
        PasswordPolicy.require(registration.password(), registration.username());
        UserId user = UserId.random();
        return messaging.blocking(() -> hashing.hash(registration.password()))
                .flatMap(hash -> messaging.send(new RegisterAccount(user, registration.username(), hash)))
                .then(versions.awaitVersion(ReadModel.ACCOUNT, user.value(), 1))
                .thenReturn(new Registered(user, registration.username()));
    }

    @PostMapping("/login")
    Mono<IssuedToken> login(@Valid @RequestBody Registration login) {
        return messaging.query(new FindCredentials(login.username()), ResponseTypes.optionalInstanceOf(Credentials.class))
                .flatMap(found -> messaging.blocking(() -> verify(found, login.password())))
                .map(credentials -> tokens.issue(credentials.userId(), credentials.username(),
                        credentials.reviewerLevel()));
    }

    /** Hashes even for an unknown user, so the answer's timing does not tell which usernames exist. */
    private Credentials verify(Optional<Credentials> found, String password) {
        boolean matches = hashing.matches(password, found.map(Credentials::passwordHash).orElse(null));
        if (found.isEmpty() || !matches) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "Wrong username or password");
        }
        return found.get();
    }

    @GetMapping("/jwks")
    Map<String, Object> jwks() {
        return signingKey.publicKeys().toJSONObject();
    }
}
