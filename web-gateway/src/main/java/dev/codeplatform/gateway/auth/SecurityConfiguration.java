package dev.codeplatform.gateway.auth;

import dev.codeplatform.gateway.api.Problems;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;

/**
 * Bearer-token security for the API. The platform validates its own RS256 tokens by default; setting
 * {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri} hands validation to an external issuer instead.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

    @Bean
    SigningKey signingKey(@Value("${platform.data-dir}") Path dataDir) {
        return SigningKey.loadOrCreate(dataDir.resolve("jwt-signing-key.json"));
    }

    @Bean
    TokenIssuer tokenIssuer(SigningKey key, @Value("${platform.auth.issuer}") String issuer,
                            @Value("${platform.auth.token-lifetime}") Duration lifetime) {
        return new TokenIssuer(key, issuer, lifetime, Clock.systemUTC());
    }

    /** Verified tokens are remembered (see {@link VerifiedTokens}); the checks on every use are the decoder's own. */
    @Bean
    ReactiveJwtDecoder jwtDecoder(SigningKey key, @Value("${platform.auth.issuer}") String issuer,
                                  @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}") String jwkSetUri,
                                  @Value("${platform.auth.verified-tokens.max:10000}") long maxVerifiedTokens,
                                  @Value("${platform.auth.verified-tokens.trust-for:5m}") Duration trustFor)
            throws com.nimbusds.jose.JOSEException {
        NimbusReactiveJwtDecoder decoder = jwkSetUri.isBlank()
                ? NimbusReactiveJwtDecoder.withPublicKey((RSAPublicKey) key.publicKeys().getKeys().get(0).toRSAKey().toPublicKey()).build()
                : NimbusReactiveJwtDecoder.withJwkSetUri(jwkSetUri).build();
        OAuth2TokenValidator<Jwt> validator = jwkSetUri.isBlank()
                ? JwtValidators.createDefaultWithIssuer(issuer)
                : JwtValidators.createDefault();
        decoder.setJwtValidator(validator);
        return new VerifiedTokens(decoder, validator, maxVerifiedTokens, trustFor);
    }

    /**
     * Spring Security's firewall refuses URLs with encoded slashes, backslashes, NUL, '..' or '.' segments before
     * any controller runs; answer those with the same problem as the domain's path rules.
     */
    @Bean
    ServerExchangeRejectedHandler exchangeRejectedHandler(Problems problems) {
        return (exchange, rejected) -> problems.write(exchange, HttpStatus.BAD_REQUEST, "INVALID_PATH",
                "The URL contains an encoded slash, a backslash, a control character or a '.' or '..' segment");
    }

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, Problems problems) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .authorizeExchange(exchange -> exchange
                        .pathMatchers("/api/health", "/api/health/", "/api/auth/**", "/api/openapi", "/api/openapi/**")
                        .permitAll()
                        // The terminal socket authenticates with its single-use ticket, checked before the upgrade.
                        .pathMatchers("/api/terminal/ws/**").permitAll()
                        .pathMatchers("/api/**").authenticated()
                        .anyExchange().permitAll())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> { })
                        .authenticationEntryPoint((exchange, error) -> problems.write(exchange, HttpStatus.UNAUTHORIZED,
                                "UNAUTHENTICATED", "A valid access token is required (Authorization: Bearer <token>)"))
                        .accessDeniedHandler((exchange, error) -> problems.write(exchange, HttpStatus.FORBIDDEN,
                                "FORBIDDEN", "Not allowed")))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, error) -> problems.write(exchange, HttpStatus.UNAUTHORIZED,
                                "UNAUTHENTICATED", "A valid access token is required (Authorization: Bearer <token>)")))
                .build();
    }
}
