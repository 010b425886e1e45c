package dev.codeplatform.gateway.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeplatform.gateway.SessionsTestSupport;
import java.net.URI;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/** File sync both ways between a workspace and its running sandbox. */
class FileSyncTest extends SessionsTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private WebTestClient alice;
    private String workspace;
    private String session;
    private TerminalClient shell;

    @BeforeEach
    void aliceHasAShellInARunningSession() throws Exception {
        alice = signedIn();
        workspace = createWorkspace(alice, "sync");
        writeFile(alice, workspace, "before.txt", "copied in at start");
        session = openSession(alice, workspace);
        awaitStatus(alice, session, "ready");
        shell = TerminalClient.connect(URI.create("ws://localhost:" + port + "/api/terminal/ws/" + session
                + "?ticket=" + ticket(alice, session, "type")));
        shell.awaitPrompt(WAIT);
    }

    @org.junit.jupiter.api.AfterEach
    void closeShell() {
        shell.close();
    }

    @Test
    void files_written_through_the_api_reach_the_running_sandbox() throws Exception {
        shell.type("cat before.txt\n");
        shell.awaitOutput(output -> output.contains("copied in at start"), WAIT);

        writeFile(alice, workspace, "later/added.py", "print('added' + '-later')");
        awaitInShell("python3 later/added.py", output -> output.contains("added-later"));
    }

    @Test
    void files_a_program_creates_changes_and_deletes_become_workspace_events_made_by_the_terminal() throws Exception {
        shell.type("mkdir -p out && echo made-in-sandbox > out/result.txt\n");
        JsonNode tree = awaitTree(entries -> entries.contains("out/result.txt"));
        assertThat(tree.toString()).contains("out/result.txt");
        alice.get().uri("/api/workspaces/{id}/files/out/result.txt?minVersion=" + tree.get("version").asLong(), workspace)
                .exchange().expectBody(String.class).isEqualTo("made-in-sandbox\n");
        assertThat(jdbc.queryForList("select convert_from(payload, 'UTF8') from domainevententry "
                        + "where aggregateidentifier = ? and payloadtype like '%FileWritten'", String.class, workspace))
                .anySatisfy(payload -> assertThat(payload).contains("out/result.txt").contains("\"TERMINAL\""));

        shell.type("rm -r out before.txt\n");
        awaitTree(entries -> !entries.contains("out") && !entries.contains("before.txt"));
    }

    @Test
    void files_and_folders_moved_in_the_sandbox_become_moves_in_the_workspace() throws Exception {
        shell.type("mkdir -p pkg/sub && echo inner > pkg/sub/inner.txt && echo top > pkg/top.txt\n");
        awaitTree(entries -> entries.contains("pkg/sub/inner.txt") && entries.contains("pkg/top.txt"));
        shell.type("mv pkg lib && mv before.txt renamed.txt\n");
        awaitTree(entries -> entries.contains("lib/sub/inner.txt") && entries.contains("renamed.txt")
                && !entries.contains("pkg") && !entries.contains("before.txt"));
        assertThat(jdbc.queryForList("select payloadtype from domainevententry where aggregateidentifier = ?",
                String.class, workspace)).filteredOn(type -> type.endsWith("EntryMoved")).hasSize(2);
    }

    @Test
    void a_symlink_to_a_host_file_is_never_followed_into_the_workspace() throws Exception {
        shell.type("ln -s /etc/passwd leak.txt && echo marker > marker.txt\n");
        awaitTree(entries -> entries.contains("marker.txt"));
        alice.get().uri("/api/workspaces/{id}/files/leak.txt", workspace).exchange().expectStatus().isNotFound();
    }

    @Test
    void a_file_over_the_size_limit_stays_in_the_sandbox_and_the_terminal_says_why() throws Exception {
        shell.type("head -c 2000000 /dev/zero > .partial && mv .partial big.bin; echo small > small.txt\n");
        awaitTree(entries -> entries.contains("small.txt"));
        String notice = shell.awaitEvent(event -> event.contains("\"notice\""), WAIT);
        assertThat(notice).contains("big.bin").contains("not saved");
        alice.get().uri("/api/workspaces/{id}/files/big.bin", workspace).exchange().expectStatus().isNotFound();
    }

    private void awaitInShell(String command, Predicate<String> expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            int mark = shell.output().length();
            shell.type(command + "\n");
            Thread.sleep(300);
            if (expected.test(shell.output().substring(mark))) {
                return;
            }
        }
        throw new AssertionError("The shell never showed the expected output; got:\n" + shell.output());
    }

    private JsonNode awaitTree(Predicate<java.util.List<String>> paths) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode tree = null;
        while (System.nanoTime() < deadline) {
            tree = alice.get().uri("/api/workspaces/{id}/tree", workspace).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            java.util.List<String> entries = new java.util.ArrayList<>();
            tree.get("entries").forEach(entry -> entries.add(entry.get("path").asText()));
            if (paths.test(entries)) {
                return tree;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The workspace tree never matched; last " + tree);
    }
}
