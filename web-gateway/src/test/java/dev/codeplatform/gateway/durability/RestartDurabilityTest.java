package dev.codeplatform.gateway.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeplatform.gateway.PlatformApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The platform keeps everything across a restart on the same data directory: the embedded database, the
 * signing key (a token issued before still works), and workspaces past the snapshot threshold, which are then
 * loaded from their snapshot. On the way down, a terminal still connected is told the platform is going away.
 */
class RestartDurabilityTest {

    private static final String DATA_DIR = "target/test-data/restart-" + ProcessHandle.current().pid();
    private static final int SNAPSHOT_THRESHOLD = 20;

    @Test
    void workspaces_files_accounts_and_tokens_survive_a_restart_and_load_from_their_snapshot() throws Exception {
        String token;
        String workspace;
        String session;
        long version;
        CompletableFuture<Integer> terminalClosed;
        try (ConfigurableApplicationContext first = start()) {
            WebTestClient web = client(first);
            Map<String, String> credentials = Map.of("username", "durable", "password", "correct horse battery");
            web.post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON).bodyValue(credentials)
                    .exchange().expectStatus().isCreated();
            token = web.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue(credentials)
                    .exchange().expectBody(JsonNode.class).returnResult().getResponseBody().get("accessToken").asText();
            WebTestClient alice = web.mutate().defaultHeader("Authorization", "Bearer " + token).build();
            workspace = alice.post().uri("/api/workspaces").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("name", "durable")).exchange().expectStatus().isCreated()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asText();
            version = 0;
            for (int i = 0; i < SNAPSHOT_THRESHOLD * 2 + 5; i++) {
                version = alice.put().uri("/api/workspaces/{id}/files/log.txt", workspace)
                        .bodyValue(("line " + i).getBytes()).exchange().expectStatus().isOk()
                        .expectBody(JsonNode.class).returnResult().getResponseBody().get("version").asLong();
            }
            alice.put().uri("/api/workspaces/{id}/files/keep/me.py", workspace).bodyValue("kept = True".getBytes())
                    .exchange().expectStatus().isOk();
            version++;
            awaitSnapshot(first.getBean(JdbcTemplate.class), workspace);
            session = alice.post().uri("/api/workspaces/{id}/sessions", workspace).exchange().expectStatus().isCreated()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("sessionId").asText();
            awaitSession(alice, session, "ready");
            String ticket = alice.post().uri("/api/sessions/{id}/terminal-ticket", session).exchange()
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                    .get("ticket").asText();
            terminalClosed = connectTerminal(first, session, ticket);
        }
        assertThat(terminalClosed.get(5, TimeUnit.SECONDS)).as("close code of a terminal open at shutdown")
                .isEqualTo(1001);

        try (ConfigurableApplicationContext second = start()) {
            WebTestClient alice = client(second).mutate().defaultHeader("Authorization", "Bearer " + token).build();
            alice.get().uri("/api/workspaces/{id}/files/keep/me.py?minVersion=" + version, workspace).exchange()
                    .expectStatus().isOk().expectBody(String.class).isEqualTo("kept = True");
            alice.get().uri("/api/workspaces/{id}/files/log.txt", workspace).exchange()
                    .expectBody(String.class).isEqualTo("line " + (SNAPSHOT_THRESHOLD * 2 + 4));
            // The aggregate, loaded from its snapshot plus the events after it, still knows each file's version.
            long next = alice.put().uri("/api/workspaces/{id}/files/log.txt?baseVersion=" + version, workspace)
                    .bodyValue("after restart".getBytes()).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("version").asLong();
            assertThat(next).isEqualTo(version + 1);
            alice.put().uri("/api/workspaces/{id}/files/log.txt?baseVersion=" + (version - 1), workspace)
                    .bodyValue("stale tab".getBytes()).exchange().expectStatus().isEqualTo(409);

            // Reconciliation: the session's environment did not survive the restart, and the session says so.
            JsonNode reconciled = awaitSession(alice, session, "stopped");
            assertThat(reconciled.get("reason").asText()).contains("restarted");
        }
        assertThat(embeddedPostgresLog()).as("the embedded PostgreSQL's own log, over both runs")
                .contains("database system is shut down", "database system is ready to accept connections");
    }

    private static String embeddedPostgresLog() throws IOException {
        try (Stream<Path> logs =
                     Files.list(Path.of(DATA_DIR, "postgres", "log"))) {
            StringBuilder all = new StringBuilder();
            for (Path log : logs.sorted().toList()) {
                all.append(Files.readString(log));
            }
            return all.toString();
        }
    }

    /** The close code the server ends the terminal socket with (an error if the connection is cut without one). */
    private static CompletableFuture<Integer> connectTerminal(ConfigurableApplicationContext context, String session,
                                                              String ticket) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/api/terminal/ws/" + session + "?ticket=" + ticket),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                                closed.complete(statusCode);
                                return null;
                            }

                            @Override
                            public void onError(WebSocket socket, Throwable error) {
                                closed.completeExceptionally(error);
                            }
                        })
                .join();
        return closed;
    }

    private static JsonNode awaitSession(WebTestClient user, String session, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode view = null;
        while (System.nanoTime() < deadline) {
            view = user.get().uri("/api/sessions/{id}", session).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            if (status.equals(view.get("status").asText())) {
                return view;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Session " + session + " did not become " + status + "; last seen " + view);
    }

    private static void awaitSnapshot(JdbcTemplate jdbc, String workspace) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.queryForObject("select count(*) from snapshotevententry where aggregateidentifier = ?",
                Long.class, workspace) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No snapshot was taken for workspace " + workspace);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(PlatformApplication.class).run(
                "--server.port=0",
                "--platform.data-dir=" + DATA_DIR,
                "--platform.workspace.snapshot-threshold=" + SNAPSHOT_THRESHOLD);
    }

    private static WebTestClient client(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }
}
