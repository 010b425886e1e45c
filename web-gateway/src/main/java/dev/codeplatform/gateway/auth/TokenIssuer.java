package dev.codeplatform.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.codeplatform.schema.ids.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Issues the platform's access tokens: RS256 JWTs whose subject is the user id. */
public class TokenIssuer {

    private final SigningKey key;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;

    public TokenIssuer(SigningKey key, String issuer, Duration lifetime, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public record IssuedToken(String accessToken, String tokenType, long expiresIn) {
    }

    public IssuedToken issue(UserId user, String username, int reviewerLevel) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(user.toString())
                .claim("preferred_username", username)
                .claim("reviewer_level", reviewerLevel)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.privateKey().getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign an access token", e);
        }
        return new IssuedToken(jwt.serialize(), "Bearer", lifetime.toSeconds());
    }
}
