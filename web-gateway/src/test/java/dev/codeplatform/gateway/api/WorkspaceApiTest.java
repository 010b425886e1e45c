package dev.codeplatform.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeplatform.gateway.PlatformIntegrationTest;
import dev.codeplatform.schema.workspace.ContentHash;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class WorkspaceApiTest extends PlatformIntegrationTest {

    @Test
    void the_health_endpoint_answers_up_with_or_without_a_trailing_slash() {
        client().get().uri("/api/health").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
        client().get().uri("/api/health/").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void a_registered_user_logs_in_and_receives_a_bearer_token() {
        Map<String, String> credentials = Map.of("username", "Alice-login", "password", "correct horse battery");
        client().post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON).bodyValue(credentials)
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.username").isEqualTo("Alice-login");
        client().post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "alice-LOGIN", "password", "correct horse battery"))
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.tokenType").isEqualTo("Bearer")
                .jsonPath("$.expiresIn").isEqualTo(3600)
                .jsonPath("$.accessToken").isNotEmpty();
    }

    @Test
    void the_api_is_described_by_openapi() {
        client().get().uri("/api/openapi").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.info.title").isEqualTo("Code execution platform")
                .jsonPath("$.paths['/api/workspaces/{workspaceId}/files/{path}'].put").exists()
                .jsonPath("$.paths['/api/workspaces/{workspaceId}/sessions'].post").exists()
                .jsonPath("$.paths['/api/sessions/{sessionId}/terminal-ticket'].post").exists()
                .jsonPath("$.components.securitySchemes.bearer.scheme").isEqualTo("bearer");
    }

    @Test
    void the_public_signing_key_is_published_as_a_jwk_set() {
        client().get().uri("/api/auth/jwks").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.keys[0].kty").isEqualTo("RSA").jsonPath("$.keys[0].d").doesNotExist();
    }

    @Test
    void a_workspace_is_created_written_read_back_listed_renamed_and_deleted() {
        WebTestClient alice = signedIn();
        String id = createWorkspace(alice, "homework");

        long version = writeFile(alice, id, "src/main.py", "print(6*7)\n");
        alice.get().uri("/api/workspaces/{id}/files/src/main.py?minVersion=" + version, id).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Workspace-Version", Long.toString(version))
                .expectBody(String.class).isEqualTo("print(6*7)\n");

        alice.get().uri("/api/workspaces/{id}/tree?minVersion=" + version, id).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.version").isEqualTo(version)
                .jsonPath("$.entries[0].path").isEqualTo("src")
                .jsonPath("$.entries[0].kind").isEqualTo("folder")
                .jsonPath("$.entries[1].path").isEqualTo("src/main.py")
                .jsonPath("$.entries[1].kind").isEqualTo("file")
                .jsonPath("$.entries[1].size").isEqualTo(11)
                // sha256sum of the same bytes
                .jsonPath("$.entries[1].hash").isEqualTo("3e225f6106861ea243bded8ea35b4c628f7dfd5b20586b613b6b1f7140120c3e");

        alice.get().uri("/api/workspaces").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].id").isEqualTo(id).jsonPath("$[0].name").isEqualTo("homework");

        JsonNode renamed = alice.patch().uri("/api/workspaces/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "project")).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        alice.get().uri("/api/workspaces/{id}?minVersion=" + renamed.get("version").asLong(), id).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("project");

        long deleted = alice.delete().uri("/api/workspaces/{id}", id).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("version").asLong();
        alice.get().uri("/api/workspaces/{id}/files/src/main.py?minVersion=" + deleted, id).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("WORKSPACE_NOT_FOUND");
    }

    @Test
    void writing_identical_content_adds_no_event_and_answers_the_same_version() {
        WebTestClient alice = signedIn();
        String id = createWorkspace(alice, "same");
        long first = writeFile(alice, id, "a.txt", "same");
        long events = count("select count(*) from domainevententry where aggregateidentifier = ?", id);

        long second = writeFile(alice, id, "a.txt", "same");

        assertThat(second).isEqualTo(first);
        assertThat(count("select count(*) from domainevententry where aggregateidentifier = ?", id)).isEqualTo(events);
    }

    @Test
    void identical_content_in_two_workspaces_is_stored_once() {
        WebTestClient alice = signedIn();
        String content = "shared starter " + System.nanoTime();
        writeFile(alice, createWorkspace(alice, "one"), "starter.py", content);
        writeFile(alice, createWorkspace(alice, "two"), "starter.py", content);

        assertThat(count("select count(*) from file_blob where hash = ?", sha256(content))).isEqualTo(1);
    }

    @Test
    void two_tabs_writing_the_same_file_get_a_conflict_with_the_current_version() {
        WebTestClient alice = signedIn();
        String id = createWorkspace(alice, "tabs");
        long base = writeFile(alice, id, "notes.md", "v1");
        long tabOne = alice.put().uri("/api/workspaces/{id}/files/notes.md?baseVersion=" + base, id)
                .bodyValue("from tab one".getBytes()).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("version").asLong();

        alice.put().uri("/api/workspaces/{id}/files/notes.md?baseVersion=" + base, id)
                .bodyValue("from tab two".getBytes()).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("VERSION_CONFLICT")
                .jsonPath("$.currentVersion").isEqualTo(tabOne);

        alice.get().uri("/api/workspaces/{id}/files/notes.md?minVersion=" + tabOne, id).exchange()
                .expectBody(String.class).isEqualTo("from tab one");
    }

    @Test
    void a_write_based_on_an_older_version_of_the_workspace_succeeds_when_that_file_did_not_change() {
        WebTestClient alice = signedIn();
        String id = createWorkspace(alice, "independent");
        long base = writeFile(alice, id, "a.py", "a");
        writeFile(alice, id, "b.py", "b");

        alice.put().uri("/api/workspaces/{id}/files/a.py?baseVersion=" + base, id).bodyValue("a2".getBytes())
                .exchange().expectStatus().isOk();
    }

    @Test
    void folders_are_created_moved_with_their_content_and_deleted() {
        WebTestClient alice = signedIn();
        String id = createWorkspace(alice, "folders");
        writeFile(alice, id, "pkg/mod.py", "x = 1");
        alice.post().uri("/api/workspaces/{id}/folders", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("path", "empty/inner")).exchange().expectStatus().isOk();
        long moved = alice.post().uri("/api/workspaces/{id}/moves", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("from", "pkg", "to", "lib/pkg")).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("version").asLong();

        alice.get().uri("/api/workspaces/{id}/tree?minVersion=" + moved, id).exchange().expectBody()
                .jsonPath("$.entries[*].path").value(paths -> assertThat((Iterable<String>) paths)
                        .containsExactly("empty", "empty/inner", "lib", "lib/pkg", "lib/pkg/mod.py"));
        alice.get().uri("/api/workspaces/{id}/files/lib/pkg/mod.py?minVersion=" + moved, id).exchange()
                .expectBody(String.class).isEqualTo("x = 1");

        long deleted = alice.delete().uri("/api/workspaces/{id}/files/lib", id).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("version").asLong();
        alice.get().uri("/api/workspaces/{id}/tree?minVersion=" + deleted, id).exchange().expectBody()
                .jsonPath("$.entries[*].path").value(paths -> assertThat((Iterable<String>) paths)
                        .containsExactly("empty", "empty/inner"));
    }

    @Test
    void every_event_records_who_did_it() {
        WebTestClient alice = signedIn();
        String id = createWorkspace(alice, "audit");
        writeFile(alice, id, "a.py", "a");

        assertThat(jdbc.queryForList("select convert_from(payload, 'UTF8') from domainevententry where aggregateidentifier = ?",
                String.class, id)).allSatisfy(payload -> assertThat(payload).contains("\"kind\":\"USER\""));
    }

    static String sha256(String content) {
        return ContentHash.sha256(content.getBytes());
    }
}
