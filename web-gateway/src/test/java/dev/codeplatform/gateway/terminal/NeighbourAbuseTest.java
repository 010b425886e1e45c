package dev.codeplatform.gateway.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeplatform.gateway.SessionsTestSupport;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One user abuses their sandbox every way at once (fork bomb, memory bomb, CPU spin, endless output, reaching for
 * the platform's port and another workspace); a neighbour's terminal and the API keep answering, and the
 * neighbour's files are untouched. No timing thresholds: "responsive" means every round trip completes.
 */
class NeighbourAbuseTest extends SessionsTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void a_neighbours_terminal_and_the_api_stay_responsive_while_one_user_abuses_their_sandbox() throws Exception {
        WebTestClient mallory = signedIn();
        String malloryWorkspace = createWorkspace(mallory, "abuse");
        String mallorySession = openSession(mallory, malloryWorkspace);
        WebTestClient alice = signedIn();
        String aliceWorkspace = createWorkspace(alice, "quiet");
        writeFile(alice, aliceWorkspace, "precious.py", "print('precious')");
        String aliceSession = openSession(alice, aliceWorkspace);
        awaitStatus(mallory, mallorySession, "ready");
        awaitStatus(alice, aliceSession, "ready");

        try (TerminalClient attacker = connect(mallorySession, ticket(mallory, mallorySession, "type"));
             TerminalClient neighbour = connect(aliceSession, ticket(alice, aliceSession, "type"))) {
            attacker.awaitPrompt(WAIT);
            neighbour.awaitPrompt(WAIT);
            attacker.type("python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", " + port
                    + "), 2)' 2>&1 | tail -1; echo net-$((1+1))-done\n");
            attacker.awaitOutput(output -> TerminalClient.hasLine(output, "net-2-done"), WAIT);
            assertThat(attacker.output()).contains("Error");
            attacker.type("ls /work ../ 2>&1 | head -3; cat /etc/shadow 2>&1 | head -1; echo looked-$((1+1))\n");
            attacker.awaitOutput(output -> TerminalClient.hasLine(output, "looked-2"), WAIT);
            assertThat(attacker.output()).doesNotContain("root:");
            attacker.type("(while :; do :; done) & (python3 -c 'x = bytearray(4 << 30)') & "
                    + "(yes flood-flood-flood) & (:(){ :|:& };:) 2>/dev/null &\n");

            for (int i = 0; i < 5; i++) {
                String marker = "alive-" + i;
                neighbour.type("echo " + marker.substring(0, 6) + "$((" + i + "+0))\n");
                neighbour.awaitOutput(output -> TerminalClient.hasLine(output, marker), WAIT);
                client().get().uri("/api/health").exchange().expectStatus().isOk();
                Thread.sleep(500);
            }
            neighbour.type("python3 precious.py\n");
            neighbour.awaitOutput(output -> TerminalClient.hasLine(output, "precious"), WAIT);
        }

        alice.get().uri("/api/workspaces/{id}/files/precious.py", aliceWorkspace).exchange()
                .expectStatus().isOk().expectBody(String.class).isEqualTo("print('precious')");
        // Closing the abused session stops everything in it.
        mallory.delete().uri("/api/sessions/{id}", mallorySession).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("stopped");
    }

    private TerminalClient connect(String session, String ticket) {
        return TerminalClient.connect(URI.create("ws://localhost:" + port + "/api/terminal/ws/" + session
                + "?ticket=" + ticket));
    }
}
