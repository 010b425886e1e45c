package dev.codeplatform.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers access tokens whose signature has been verified. A client sends the same token with every request, and
 * verifying its RS256 signature and parsing its claims again each time cost about a tenth of a write's CPU. The
 * validator (expiry, not-before, issuer) still runs on every use, so a remembered token is refused exactly when the
 * decoder would refuse it; a remembered signature is trusted for at most {@code trustFor}, so a key the issuer
 * withdraws stops being honoured within that time. A token that fails validation goes back through the decoder,
 * which answers with its usual error.
 */
public class VerifiedTokens implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Cache<String, Jwt> verified;

    /** {@code decoder} verifies and validates with {@code validator}; {@code validator} must be cheap. */
    public VerifiedTokens(ReactiveJwtDecoder decoder, OAuth2TokenValidator<Jwt> validator, long maxTokens,
                          Duration trustFor) {
        this.decoder = decoder;
        this.validator = validator;
        this.verified = Caffeine.newBuilder().maximumSize(maxTokens).expireAfterWrite(trustFor).build();
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = verified.getIfPresent(token);
        if (known != null) {
            if (!validator.validate(known).hasErrors()) {
                return Mono.just(known);
            }
            verified.invalidate(token);
        }
        return decoder.decode(token).doOnNext(jwt -> verified.put(token, jwt));
    }
}
