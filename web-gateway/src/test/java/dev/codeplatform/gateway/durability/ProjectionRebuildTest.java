package dev.codeplatform.gateway.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeplatform.gateway.SessionsTestSupport;
import dev.codeplatform.query.account.AccountProjection;
import dev.codeplatform.query.session.SessionProjection;
import dev.codeplatform.query.workspace.WorkspaceProjection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Resetting the projections and replaying the event store rebuilds exactly the same read models. */
class ProjectionRebuildTest extends SessionsTestSupport {

    private static final Map<String, String> READ_MODELS = Map.of(
            WorkspaceProjection.GROUP, "select * from workspace_view order by id",
            "workspace entries", "select * from workspace_entry order by workspace_id, path",
            SessionProjection.GROUP, "select * from session_view order by id",
            AccountProjection.GROUP, "select * from account_view order by user_id");

    @Autowired
    private EventProcessingConfiguration processing;

    @Test
    void replaying_every_event_gives_identical_read_models() throws Exception {
        WebTestClient alice = signedIn();
        String workspace = createWorkspace(alice, "rebuild");
        writeFile(alice, workspace, "a/b/c.py", "print('c')");
        writeFile(alice, workspace, "a/d.txt", "d");
        long moved = alice.post().uri("/api/workspaces/{id}/moves", workspace)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("from", "a/b", "to", "e")).exchange().expectStatus().isOk()
                .expectBody(com.fasterxml.jackson.databind.JsonNode.class).returnResult().getResponseBody()
                .get("version").asLong();
        alice.delete().uri("/api/workspaces/{id}/files/a/d.txt", workspace).exchange().expectStatus().isOk();
        String session = openSession(alice, workspace);
        awaitStatus(alice, session, "ready");
        alice.delete().uri("/api/sessions/{id}", session).exchange().expectStatus().isOk();
        alice.get().uri("/api/workspaces/{id}/tree?minVersion=" + (moved + 1), workspace).exchange().expectStatus().isOk();
        awaitStatus(alice, session, "stopped");

        Map<String, List<Map<String, Object>>> before = readModels();
        for (String group : List.of(WorkspaceProjection.GROUP, SessionProjection.GROUP, AccountProjection.GROUP)) {
            TrackingEventProcessor processor = processing.eventProcessor(group, TrackingEventProcessor.class)
                    .orElseThrow();
            processor.shutDown();
            processor.resetTokens();
            assertThat(readModels().values()).as("the reset handlers emptied the read model of " + group)
                    .anySatisfy(rows -> assertThat(rows).isEmpty());
            processor.start();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, List<Map<String, Object>>> after = readModels();
        while (!after.equals(before) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            after = readModels();
        }
        assertThat(after).isEqualTo(before);
        assertThat(before.get("workspace entries")).isNotEmpty();
    }

    private Map<String, List<Map<String, Object>>> readModels() {
        return READ_MODELS.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                entry -> jdbc.queryForList(entry.getValue())));
    }
}
