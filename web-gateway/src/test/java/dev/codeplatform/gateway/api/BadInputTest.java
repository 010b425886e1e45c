package dev.codeplatform.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.codeplatform.gateway.PlatformIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/**
 * Every bad input is answered with a problem and the right status, and writes nothing: no event, no blob, no
 * username claim, no session claim.
 */
class BadInputTest extends PlatformIntegrationTest {

    private static final List<String> WRITE_SIDE_TABLES =
            List.of("domainevententry", "file_blob", "username_claim", "open_session");

    private WebTestClient alice;
    private String workspace;

    @BeforeEach
    void aliceHasAWorkspaceWithAFile() {
        alice = signedIn();
        workspace = createWorkspace(alice, "target");
        writeFile(alice, workspace, "keep.py", "keep");
    }

    static Stream<String> malformedPaths() {
        return Stream.of("..%2Fescape.py", "a/../../etc/passwd", "a/./b.py", "a//b.py", "%2Fabsolute.py",
                "back%5Cslash.py", "nul%00byte.py", "bell%07.py", "escape%1B%5B31m.py", "del%7F.py",
                "x".repeat(256) + ".py", "d/".repeat(33) + "deep.py", ("abcdefgh/".repeat(120)) + "long.py");
    }

    @ParameterizedTest
    @MethodSource("malformedPaths")
    void a_malformed_path_is_refused(String path) {
        assertRefused(400, "INVALID_PATH", web -> web.put().uri(raw("/api/workspaces/" + workspace + "/files/" + path))
                        .bodyValue("x".getBytes()).exchange());
    }

    @Test
    void a_file_over_the_size_limit_is_refused() {
        assertRefused(413, "FILE_TOO_LARGE", web -> web.put().uri("/api/workspaces/" + workspace + "/files/big.bin")
                .bodyValue(new byte[1024 * 1024 + 1]).exchange());
    }

    @Test
    void a_file_exactly_at_the_size_limit_is_accepted() {
        alice.put().uri("/api/workspaces/" + workspace + "/files/limit.bin").bodyValue(new byte[1024 * 1024])
                .exchange().expectStatus().isOk();
    }

    @Test
    void a_file_beyond_the_workspace_entry_limit_is_refused() {
        // The test platform allows 50 entries per workspace (PlatformIntegrationTest).
        for (int i = 1; i < 50; i++) {
            writeFile(alice, workspace, "f" + i, "x" + i);
        }
        assertRefused(413, "TOO_MANY_ENTRIES", web -> web.put().uri("/api/workspaces/" + workspace + "/files/one-more")
                .bodyValue("x".getBytes()).exchange());
    }

    @Test
    void a_file_beyond_the_workspace_byte_limit_is_refused() {
        // The test platform allows 3 000 000 bytes per workspace (PlatformIntegrationTest).
        for (int i = 0; i < 2; i++) {
            alice.put().uri("/api/workspaces/" + workspace + "/files/chunk" + i).bodyValue(filled(1_000_000, i))
                    .exchange().expectStatus().isOk();
        }
        assertRefused(413, "WORKSPACE_FULL", web -> web.put().uri("/api/workspaces/" + workspace + "/files/overflow")
                .bodyValue(filled(1_000_000, 9)).exchange());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":", "not json", "[]", "{\"name\": 42}", "{\"name\": null}", "{}",
            "{\"name\":\"ok\",\"owner\":\"someone-else\"}"})
    void a_malformed_or_unexpected_workspace_body_is_refused(String body) {
        assertRefused(400, null, web -> web.post().uri("/api/workspaces").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\u0007bell"})
    void a_bad_workspace_name_is_refused(String name) {
        assertRefused(400, "INVALID_NAME", web -> web.post().uri("/api/workspaces").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name)).exchange());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "00000000-0000-0000-0000-000000000000"})
    void an_unknown_or_malformed_workspace_id_is_not_found(String id) {
        assertRefused(404, "WORKSPACE_NOT_FOUND", web -> web.put().uri("/api/workspaces/" + id + "/files/a.py")
                .bodyValue("x".getBytes()).exchange());
        assertRefused(404, "WORKSPACE_NOT_FOUND", web -> web.get().uri("/api/workspaces/" + id + "/tree").exchange());
    }

    @Test
    void someone_elses_workspace_is_not_found_for_reads_and_writes() {
        WebTestClient mallory = signedIn();
        assertRefused(404, "WORKSPACE_NOT_FOUND", mallory,
                web -> web.get().uri("/api/workspaces/" + workspace + "/files/keep.py").exchange());
        assertRefused(404, "WORKSPACE_NOT_FOUND", mallory,
                web -> web.get().uri("/api/workspaces/" + workspace + "/tree").exchange());
        assertRefused(404, "WORKSPACE_NOT_FOUND", mallory,
                web -> web.put().uri("/api/workspaces/" + workspace + "/files/keep.py").bodyValue("evil".getBytes())
                        .exchange());
        assertRefused(404, "WORKSPACE_NOT_FOUND", mallory,
                web -> web.delete().uri("/api/workspaces/" + workspace).exchange());
        assertRefused(404, "WORKSPACE_NOT_FOUND", mallory,
                web -> web.post().uri("/api/workspaces/" + workspace + "/sessions").exchange());
        alice.get().uri("/api/workspaces/" + workspace + "/files/keep.py").exchange().expectBody(String.class)
                .isEqualTo("keep");
    }

    @Test
    void a_registration_with_a_taken_username_in_any_case_is_a_conflict() {
        client().post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "Taken-Name", "password", "correct horse battery"))
                .exchange().expectStatus().isCreated();
        assertRefused(409, "USERNAME_TAKEN", client(), web -> web.post().uri("/api/auth/register")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "taken-NAME", "password", "another good password")).exchange());
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "password123", "aaaaaaaaaaaa"})
    void a_weak_password_is_refused(String password) {
        assertRefused(400, "WEAK_PASSWORD", client(), web -> web.post().uri("/api/auth/register")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "weak-" + UUID.randomUUID().toString().substring(0, 6), "password", password))
                .exchange());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "with space", "semi;colon", "-leading-dash", "ünïcode"})
    void a_bad_username_is_refused(String username) {
        assertRefused(400, "INVALID_NAME", client(), web -> web.post().uri("/api/auth/register")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", "correct horse battery")).exchange());
    }

    @Test
    void a_wrong_password_or_unknown_user_cannot_log_in() {
        assertRefused(401, null, client(), web -> web.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "nobody-here", "password", "correct horse battery")).exchange());
    }

    @Test
    void a_request_without_a_token_is_unauthorized() {
        assertRefused(401, "UNAUTHENTICATED", client(), web -> web.get().uri("/api/workspaces").exchange());
    }

    @ParameterizedTest
    @ValueSource(strings = {"forged", "expired", "garbage", "wrong-issuer"})
    void a_forged_expired_or_garbage_token_is_unauthorized(String kind) throws Exception {
        String token = switch (kind) {
            case "forged" -> sign(new RSAKeyGenerator(2048).keyID("platform").generate(), "code-platform",
                    Instant.now().plusSeconds(600));
            case "expired" -> sign(platformKey(), "code-platform", Instant.now().minusSeconds(600));
            case "wrong-issuer" -> sign(platformKey(), "someone-else", Instant.now().plusSeconds(600));
            default -> "not.a.jwt";
        };
        assertRefused(401, "UNAUTHENTICATED", client(), web -> web.put().uri("/api/workspaces/" + workspace + "/files/x.py")
                .header("Authorization", "Bearer " + token).bodyValue("x".getBytes()).exchange());
    }

    private String sign(RSAKey key, String issuer, Instant expiry) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(issuer).subject(UUID.randomUUID().toString())
                        .issueTime(Date.from(expiry.minusSeconds(3600))).expirationTime(Date.from(expiry)).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey platformKey() throws Exception {
        return RSAKey.parse(Files.readString(Path.of(DATA_DIR, "jwt-signing-key.json")));
    }

    private static byte[] filled(int size, int seed) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) ('a' + seed));
        return bytes;
    }

    private void assertRefused(int status, String code, Function<WebTestClient, ResponseSpec> request) {
        assertRefused(status, code, alice, request);
    }

    private void assertRefused(int status, String code, WebTestClient caller,
                               Function<WebTestClient, ResponseSpec> request) {
        Map<String, Long> before = writeSideCounts();
        var body = request.apply(caller)
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody();
        body.jsonPath("$.detail").isNotEmpty();
        if (code != null) {
            body.jsonPath("$.code").isEqualTo(code);
        }
        assertThat(writeSideCounts()).as("rows written by a refused request").isEqualTo(before);
    }

    private Map<String, Long> writeSideCounts() {
        return WRITE_SIDE_TABLES.stream().collect(java.util.stream.Collectors.toMap(table -> table,
                table -> count("select count(*) from " + table)));
    }
}
