package dev.codeplatform.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

/**
 * The platform's RS256 key pair, kept as a JWK in the data directory so tokens stay valid across restarts.
 * Only the owner may read the file; the public half is published at {@code /api/auth/jwks}.
 */
public final class SigningKey {

    private final RSAKey key;

    private SigningKey(RSAKey key) {
        this.key = key;
    }

    public static SigningKey loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return new SigningKey(RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8)));
            }
            RSAKey created = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "signing-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, created.toJSONString(), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return new SigningKey(created);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the signing key " + file, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("The signing key " + file + " is not a usable RSA JWK", e);
        }
    }

    RSAKey privateKey() {
        return key;
    }

    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }
}
