package dev.codeplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

class VerifiedTokensTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
    private final AtomicInteger verifications = new AtomicInteger();
    /** Valid while the (fake) clock is before the token's expiry, as JwtTimestampValidator decides. */
    private final OAuth2TokenValidator<Jwt> validator = jwt -> now.get().isBefore(jwt.getExpiresAt())
            ? OAuth2TokenValidatorResult.success()
            : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "expired", null));
    /** Stands for the signature-checking decoder: counts its calls and applies the same validator. */
    private final ReactiveJwtDecoder decoder = token -> Mono.fromCallable(() -> {
        verifications.incrementAndGet();
        Jwt jwt = Jwt.withTokenValue(token).header("alg", "RS256").subject("user")
                .issuedAt(Instant.parse("2026-01-01T09:00:00Z")).expiresAt(Instant.parse("2026-01-01T11:00:00Z"))
                .build();
        if (validator.validate(jwt).hasErrors()) {
            throw new BadJwtException("expired");
        }
        return jwt;
    });

    @Test
    void a_token_is_verified_once_and_then_answered_from_memory() {
        VerifiedTokens tokens = new VerifiedTokens(decoder, validator, 100, Duration.ofMinutes(5));

        Jwt first = tokens.decode("token-a").block();
        Jwt second = tokens.decode("token-a").block();

        assertThat(second).isSameAs(first);
        assertThat(verifications).hasValue(1);
        tokens.decode("token-b").block();
        assertThat(verifications).hasValue(2);
    }

    @Test
    void a_remembered_token_is_refused_once_it_expires_with_the_decoders_error() {
        VerifiedTokens tokens = new VerifiedTokens(decoder, validator, 100, Duration.ofMinutes(5));
        tokens.decode("token-a").block();

        now.set(Instant.parse("2026-01-01T11:00:01Z"));

        assertThatThrownBy(() -> tokens.decode("token-a").block()).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }
}
