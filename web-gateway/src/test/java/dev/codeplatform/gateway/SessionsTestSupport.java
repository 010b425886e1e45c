package dev.codeplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Opening sessions and waiting for their status, for tests that need a running environment. */
public abstract class SessionsTestSupport extends PlatformIntegrationTest {

    protected String openSession(WebTestClient user, String workspaceId) {
        JsonNode opened = user.post().uri("/api/workspaces/{id}/sessions", workspaceId).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(opened.get("status").asText()).isEqualTo("starting");
        return opened.get("sessionId").asText();
    }

    /** Polls the session until it reaches the status (generous timeout: CI machines are slow and shared). */
    protected JsonNode awaitStatus(WebTestClient user, String sessionId, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode view = null;
        while (System.nanoTime() < deadline) {
            view = user.get().uri("/api/sessions/{id}", sessionId).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            if (status.equals(view.get("status").asText())) {
                return view;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Session " + sessionId + " did not become " + status + "; last seen " + view);
    }

    protected String ticket(WebTestClient user, String sessionId, String mode) {
        return user.post().uri("/api/sessions/{id}/terminal-ticket", sessionId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("mode", mode)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("ticket").asText();
    }
}
