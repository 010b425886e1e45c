package dev.codeplatform.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the gateway's integration tests: the whole platform on a real PostgreSQL (the embedded one, one per test
 * JVM, in a fresh directory) and the real sandbox. All subclasses share one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // Small limits, so tests can reach them quickly.
        "platform.workspace.max-entries=50",
        "platform.workspace.max-total-bytes=3000000",
        "platform.sessions.max-open-per-user=3"})
@Import({TestcontainersDatabase.class, HeldStarts.class})
public abstract class PlatformIntegrationTest {

    /** One data directory per test JVM, so runs never see each other's data. */
    protected static final String DATA_DIR = "target/test-data/run-" + ProcessHandle.current().pid();

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> DATA_DIR);
    }

    @Autowired
    protected WebTestClient web;

    @Autowired
    protected JdbcTemplate jdbc;

    @LocalServerPort
    protected int port;

    /** An absolute URL taken as it is, for paths that must reach the server without being encoded again. */
    protected URI raw(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    protected WebTestClient client() {
        return web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** Registers a fresh user and answers a client that sends their access token. */
    protected WebTestClient signedIn() {
        return signedIn("user-" + UUID.randomUUID().toString().substring(0, 8));
    }

    protected WebTestClient signedIn(String username) {
        return as(accessToken(username));
    }

    /** A client that sends this access token. */
    protected WebTestClient as(String accessToken) {
        return client().mutate().defaultHeader("Authorization", "Bearer " + accessToken).build();
    }

    /** The user an access token names (its subject). */
    protected static String userIdOf(String accessToken) throws IOException {
        byte[] claims = Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]);
        return new ObjectMapper().readTree(claims).get("sub").asText();
    }

    protected String accessToken(String username) {
        Map<String, String> credentials = Map.of("username", username, "password", "correct horse battery");
        client().post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON).bodyValue(credentials)
                .exchange().expectStatus().isCreated();
        JsonNode token = client().post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(credentials).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return token.get("accessToken").asText();
    }

    /** Creates a workspace and answers its id. */
    protected String createWorkspace(WebTestClient user, String name) {
        JsonNode created = user.post().uri("/api/workspaces").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name)).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return created.get("id").asText();
    }

    protected long writeFile(WebTestClient user, String workspaceId, String path, String content) {
        JsonNode written = user.put().uri("/api/workspaces/{id}/files/" + path, workspaceId)
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(content.getBytes())
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return written.get("version").asLong();
    }

    protected long count(String sql, Object... arguments) {
        return jdbc.queryForObject(sql, Long.class, arguments);
    }
}
