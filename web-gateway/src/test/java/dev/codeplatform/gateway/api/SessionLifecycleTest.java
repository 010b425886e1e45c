package dev.codeplatform.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeplatform.gateway.SessionsTestSupport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

class SessionLifecycleTest extends SessionsTestSupport {

    @Test
    void an_opened_session_becomes_ready_and_records_each_start_step_as_an_event() throws Exception {
        WebTestClient alice = signedIn();
        String workspace = createWorkspace(alice, "run");
        writeFile(alice, workspace, "main.py", "print(6*7)\n");

        String session = openSession(alice, workspace);
        JsonNode ready = awaitStatus(alice, session, "ready");

        assertThat(ready.get("step").asText()).isEqualTo("files-synced");
        assertThat(jdbc.queryForList("select payloadtype from domainevententry where aggregateidentifier = ? "
                + "order by sequencenumber", String.class, session)).map(type -> type.substring(type.lastIndexOf('$') + 1))
                .containsExactly("SessionOpened", "ExecutionEnvironmentRequested", "ExecutionEnvironmentReady",
                        "FilesSyncedIn");
    }

    @Test
    void closing_a_session_stops_it_and_a_closed_session_gets_no_ticket() throws Exception {
        WebTestClient alice = signedIn();
        String session = openSession(alice, createWorkspace(alice, "close"));
        awaitStatus(alice, session, "ready");

        alice.delete().uri("/api/sessions/{id}", session).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("stopped");

        alice.post().uri("/api/sessions/{id}/terminal-ticket", session).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("SESSION_CLOSED");
    }

    @Test
    void someone_elses_session_is_not_found() throws Exception {
        WebTestClient alice = signedIn();
        String session = openSession(alice, createWorkspace(alice, "private"));
        WebTestClient mallory = signedIn();

        mallory.get().uri("/api/sessions/{id}", session).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("SESSION_NOT_FOUND");
        mallory.delete().uri("/api/sessions/{id}", session).exchange().expectStatus().isNotFound();
        mallory.post().uri("/api/sessions/{id}/terminal-ticket", session).exchange().expectStatus().isNotFound();
    }

    @Test
    void the_status_stream_pushes_the_start_steps_until_the_session_stops() throws Exception {
        WebTestClient alice = signedIn();
        String session = openSession(alice, createWorkspace(alice, "stream"));
        awaitStatus(alice, session, "ready");
        java.util.concurrent.CompletableFuture<List<String>> streamed = alice.get()
                .uri("/api/sessions/{id}/events", session).exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody()
                .map(event -> event.get("status").asText())
                .collectList().toFuture();

        alice.delete().uri("/api/sessions/{id}", session).exchange().expectStatus().isOk();

        // The stream showed the session ready, then pushed the stop, and ended with it.
        assertThat(streamed.get(30, java.util.concurrent.TimeUnit.SECONDS)).containsExactly("ready", "stopped");
    }

    @Test
    void one_user_cannot_open_more_sessions_than_the_limit() throws Exception {
        WebTestClient alice = signedIn();
        String workspace = createWorkspace(alice, "many");
        // The test platform allows 3 open sessions per user (PlatformIntegrationTest).
        for (int i = 0; i < 3; i++) {
            openSession(alice, workspace);
        }
        alice.post().uri("/api/workspaces/{id}/sessions", workspace).exchange().expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.code").isEqualTo("TOO_MANY_SESSIONS");
    }
}
