package dev.codeplatform.gateway.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeplatform.execution.EnvironmentFailure;
import dev.codeplatform.execution.sync.LiveEnvironments;
import dev.codeplatform.gateway.HeldStarts;
import dev.codeplatform.gateway.SessionsTestSupport;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.CloseStatus;

/** A real shell in the real sandbox, over a real WebSocket. */
class TerminalWebSocketTest extends SessionsTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private HeldStarts starts;

    @Autowired
    private LiveEnvironments environments;

    private WebTestClient alice;
    private String session;

    @BeforeEach
    void aliceHasARunningSession() throws Exception {
        alice = signedIn();
        String workspace = createWorkspace(alice, "terminal");
        writeFile(alice, workspace, "main.py", "print('hello from main')\n");
        session = openSession(alice, workspace);
        awaitStatus(alice, session, "ready");
    }

    private URI terminal(String ticket) {
        return terminal(session, ticket);
    }

    private URI terminal(String sessionId, String ticket) {
        return URI.create("ws://localhost:" + port + "/api/terminal/ws/" + sessionId + "?ticket=" + ticket);
    }

    private static Predicate<String> status(String status) {
        return event -> event.contains("\"type\":\"status\"") && event.contains("\"status\":\"" + status + "\"");
    }

    private static List<String> statuses(TerminalClient client) {
        return client.events().stream().filter(event -> event.contains("\"type\":\"status\""))
                .map(event -> event.replaceAll(".*\"status\":\"([a-z]+)\".*", "$1")).toList();
    }

    /** A user whose environments stay starting until the test releases or fails them ({@link HeldStarts}). */
    private record HeldUser(WebTestClient client, CompletableFuture<Void> start) implements AutoCloseable {

        /** Lets a start the test left held proceed, so no environment job waits after the test. */
        @Override
        public void close() {
            start.complete(null);
        }
    }

    private HeldUser heldUser() throws IOException {
        String token = accessToken("held-" + UUID.randomUUID().toString().substring(0, 8));
        return new HeldUser(as(token), starts.hold(userIdOf(token)));
    }

    private void awaitPendingRegistrationWaits(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (environments.pendingRegistrationWaits() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Pending registration waits: " + environments.pendingRegistrationWaits()
                        + ", expected " + count);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void a_terminal_connected_right_after_opening_runs_what_was_typed_before_the_environment_was_ready()
            throws Exception {
        String early = openSession(alice, createWorkspace(alice, "pipelined"));
        try (TerminalClient client = TerminalClient.connect(terminal(early, ticket(alice, early, "type")))) {
            client.type("python3 -c 'print(6*7)'\n");
            client.awaitEvent(status("ready"), WAIT);
            client.awaitPrompt(WAIT);
            client.awaitOutput(output -> TerminalClient.hasLine(output, "42"), WAIT);
            // Whether the environment was still starting when the socket opened depends on the machine's speed.
            assertThat(statuses(client)).isIn(List.of("ready"), List.of("starting", "ready"));
        }
    }

    @Test
    void a_start_that_fails_while_a_terminal_waits_is_reported_with_its_reason_and_the_socket_closes()
            throws Exception {
        try (HeldUser bob = heldUser()) {
            String starting = openSession(bob.client(), createWorkspace(bob.client(), "broken"));
            String unusedTicket = ticket(bob.client(), starting, "type");
            try (TerminalClient client = TerminalClient.connect(terminal(starting, ticket(bob.client(), starting,
                    "type")))) {
                client.awaitEvent(status("starting"), WAIT);
                bob.start().completeExceptionally(new EnvironmentFailure("the test broke the sandbox"));

                // Failed after its retries (1 s and 2 s of backoff).
                assertThat(client.awaitEvent(status("failed"), Duration.ofSeconds(60)))
                        .contains("\"reason\":\"Could not start the environment after 3 attempts: "
                                + "the test broke the sandbox\"");
                assertThat(client.closeStatus(WAIT)).isEqualTo(CloseStatus.NORMAL);
                assertThat(statuses(client)).containsExactly("starting", "failed");
            }
            // A ticket issued while the session was starting is refused once it failed, before any upgrade.
            client().get().uri(terminal(starting, unusedTicket).toString().replace("ws:", "http:")).exchange()
                    .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("SESSION_CLOSED");
        }
    }

    @Test
    void closing_a_session_while_a_terminal_waits_for_it_reports_stopped_and_closes() throws Exception {
        try (HeldUser bob = heldUser()) {
            String starting = openSession(bob.client(), createWorkspace(bob.client(), "closed early"));
            try (TerminalClient client = TerminalClient.connect(terminal(starting, ticket(bob.client(), starting,
                    "type")))) {
                client.awaitEvent(status("starting"), WAIT);
                bob.client().delete().uri("/api/sessions/{id}", starting).exchange().expectStatus().isOk();

                assertThat(client.awaitEvent(status("stopped"), WAIT)).contains("\"reason\":\"closed by its owner\"");
                assertThat(client.closeStatus(WAIT)).isEqualTo(CloseStatus.NORMAL);
            }
        }
    }

    @Test
    void a_client_leaving_while_the_session_starts_leaves_no_wait_behind_and_the_session_starts_anyway()
            throws Exception {
        try (HeldUser bob = heldUser()) {
            String starting = openSession(bob.client(), createWorkspace(bob.client(), "left early"));
            int pendingBefore = environments.pendingRegistrationWaits();
            try (TerminalClient client = TerminalClient.connect(terminal(starting, ticket(bob.client(), starting,
                    "type")))) {
                client.awaitEvent(status("starting"), WAIT);
                awaitPendingRegistrationWaits(pendingBefore + 1);
            }
            awaitPendingRegistrationWaits(pendingBefore);

            bob.start().complete(null);
            awaitStatus(bob.client(), starting, "ready");
            try (TerminalClient again = TerminalClient.connect(terminal(starting, ticket(bob.client(), starting,
                    "type")))) {
                again.awaitPrompt(WAIT);
                assertThat(statuses(again)).containsExactly("ready");
            }
        }
    }

    @Test
    void a_watcher_connected_while_the_session_starts_sees_the_shell_but_what_it_typed_is_dropped()
            throws Exception {
        try (HeldUser bob = heldUser()) {
            String starting = openSession(bob.client(), createWorkspace(bob.client(), "watched early"));
            try (TerminalClient watcher = TerminalClient.connect(terminal(starting, ticket(bob.client(), starting,
                    "watch")))) {
                watcher.awaitEvent(status("starting"), WAIT);
                watcher.type("echo typed-by-$((1+1))-watcher\n");
                bob.start().complete(null);
                watcher.awaitEvent(status("ready"), WAIT);
                watcher.awaitPrompt(WAIT);

                try (TerminalClient owner = TerminalClient.connect(terminal(starting, ticket(bob.client(), starting,
                        "type")))) {
                    owner.awaitPrompt(WAIT);
                    owner.type("echo done-$((2+2))\n");
                    owner.awaitOutput(output -> output.contains("done-4"), WAIT);
                    watcher.awaitOutput(output -> output.contains("done-4"), WAIT);
                    assertThat(owner.output()).doesNotContain("typed-by-2-watcher");
                }
            }
        }
    }

    /**
     * A paste far larger than the PTY's input buffer, into a program that is not reading yet: what the PTY does not
     * take at once waits and follows in order, and the socket keeps working meanwhile.
     */
    @Test
    void a_large_paste_into_a_program_not_reading_yet_arrives_whole_and_in_order() throws Exception {
        try (TerminalClient client = TerminalClient.connect(terminal(ticket(alice, session, "type")))) {
            client.awaitPrompt(WAIT);
            client.type("stty raw -echo; echo RAW-$((1+1)); python3 -c 'import sys, time, hashlib; time.sleep(1); "
                    + "d = sys.stdin.buffer.read(300000); print(len(d), hashlib.sha256(d).hexdigest()[:12])'; "
                    + "stty sane\n");
            client.awaitOutput(output -> output.contains("RAW-2"), WAIT);
            StringBuilder paste = new StringBuilder();
            for (int i = 0; paste.length() < 300000; i++) {
                paste.append(i).append(',');
            }
            paste.setLength(300000);
            for (int at = 0; at < paste.length(); at += 30000) {
                client.type(paste.substring(at, at + 30000));
            }
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(paste.toString().getBytes(StandardCharsets.US_ASCII))).substring(0, 12);
            client.awaitOutput(output -> output.contains("300000 " + digest), WAIT);
            client.type("echo still-$((2*3))\n");
            client.awaitOutput(output -> TerminalClient.hasLine(output, "still-6"), WAIT);
        }
    }

    @Test
    void python_prints_42_and_the_workspace_files_are_there() throws Exception {
        try (TerminalClient client = TerminalClient.connect(terminal(ticket(alice, session, "type")))) {
            client.awaitEvent(event -> event.contains("\"ready\""), WAIT);
            client.awaitPrompt(WAIT);
            client.type("python3 -c 'print(6*7)'\n");
            client.awaitOutput(output -> TerminalClient.hasLine(output, "42"), WAIT);
            client.type("python3 main.py\n");
            client.awaitOutput(output -> output.contains("hello from main"), WAIT);
        }
    }

    @Test
    void a_resize_reaches_stty_size() throws Exception {
        try (TerminalClient client = TerminalClient.connect(terminal(ticket(alice, session, "type")))) {
            client.awaitPrompt(WAIT);
            client.resize(132, 43);
            client.type("stty size\n");
            client.awaitOutput(output -> output.contains("43 132"), WAIT);
        }
    }

    @Test
    void the_exit_of_the_shell_is_reported_with_its_code() throws Exception {
        try (TerminalClient client = TerminalClient.connect(terminal(ticket(alice, session, "type")))) {
            client.awaitPrompt(WAIT);
            client.type("exit 3\n");
            assertThat(client.awaitEvent(event -> event.contains("\"exit\""), WAIT)).contains("\"code\":3");
            assertThat(client.closeStatus(WAIT)).isEqualTo(CloseStatus.NORMAL);
        }
    }

    @Test
    void a_reattached_viewer_gets_the_scrollback_and_the_same_shell() throws Exception {
        try (TerminalClient first = TerminalClient.connect(terminal(ticket(alice, session, "type")))) {
            first.awaitPrompt(WAIT);
            first.type("export MARKER=still-here; echo first-$((40+2))\n");
            first.awaitOutput(output -> output.contains("first-42"), WAIT);
        }
        try (TerminalClient again = TerminalClient.connect(terminal(ticket(alice, session, "type")))) {
            again.awaitOutput(output -> output.contains("first-42"), WAIT);
            again.type("echo $MARKER\n");
            again.awaitOutput(output -> TerminalClient.hasLine(output, "still-here"), WAIT);
        }
    }

    /**
     * Viewers joining while a program prints get the scrollback and then every line after it: none is lost between the
     * scrollback they were sent and the live output (a line printed while one joined used to go to neither), and a full
     * scrollback comes in frames of at most 16 KiB (one frame of 64 KiB and a byte was refused by clients whose limit
     * is 64 KiB, this test's among them).
     */
    @Test
    void viewers_joining_while_a_program_prints_miss_no_line() throws Exception {
        try (TerminalClient owner = TerminalClient.connect(terminal(ticket(alice, session, "type")))) {
            owner.awaitPrompt(WAIT);
            // about 5 s of output, in bursts, while viewers join
            owner.type("for i in $(seq 1 40000); do echo \"n$i\"; [ $((i % 200)) = 0 ] && sleep 0.02; done; "
                    + "echo finished-$((1+1))\n");
            // the scrollback is full by then (64 KiB): a joining viewer gets all of it, in frames any client takes
            owner.awaitOutput(output -> output.contains("\nn12000\r"), WAIT);
            List<TerminalClient> joined = new ArrayList<>();
            try {
                for (int i = 0; i < 12 && !owner.output().contains("finished-2"); i++) {
                    joined.add(TerminalClient.connect(terminal(ticket(alice, session, "type"))));
                }
                assertThat(joined).as("viewers that joined while the program printed").hasSizeGreaterThan(2);
                for (TerminalClient viewer : joined) {
                    List<Integer> numbers = viewer.awaitOutput(output -> output.contains("finished-2"), WAIT).lines()
                            .map(String::strip).filter(line -> line.matches("n[0-9]+"))
                            .map(line -> Integer.parseInt(line.substring(1))).toList();
                    assertThat(numbers).isNotEmpty().last().isEqualTo(40000);
                    for (int k = 1; k < numbers.size(); k++) {
                        assertThat(numbers.get(k)).as("the line after n%d", numbers.get(k - 1))
                                .isEqualTo(numbers.get(k - 1) + 1);
                    }
                }
            } finally {
                joined.forEach(TerminalClient::close);
            }
        }
    }

    @Test
    void a_watcher_sees_the_output_but_cannot_type() throws Exception {
        try (TerminalClient owner = TerminalClient.connect(terminal(ticket(alice, session, "type")));
             TerminalClient watcher = TerminalClient.connect(terminal(ticket(alice, session, "watch")))) {
            owner.awaitPrompt(WAIT);
            watcher.awaitPrompt(WAIT);
            watcher.type("echo typed-by-$((1+1))-watcher\n");
            owner.type("echo typed-by-$((0+1))-owner\n");
            watcher.awaitOutput(output -> output.contains("typed-by-1-owner"), WAIT);
            owner.type("echo done-$((2+2))\n");
            owner.awaitOutput(output -> output.contains("done-4"), WAIT);
            assertThat(owner.output()).doesNotContain("typed-by-2-watcher");
        }
    }

    @Test
    void a_ticket_works_once_and_only_for_its_session() throws Exception {
        String ticket = ticket(alice, session, "type");
        try (TerminalClient client = TerminalClient.connect(terminal(ticket))) {
            client.awaitEvent(event -> event.contains("\"ready\""), WAIT);
        }
        client().get().uri(terminal(ticket).toString().replace("ws:", "http:")).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("INVALID_TICKET");

        WebTestClient bob = signedIn();
        String bobsSession = openSession(bob, createWorkspace(bob, "bob"));
        String bobsTicket = ticket(bob, bobsSession, "type");
        client().get().uri(terminal(bobsTicket).toString().replace("ws:", "http:")).exchange()
                .expectStatus().isUnauthorized();
        client().get().uri("/api/terminal/ws/" + session).exchange().expectStatus().isUnauthorized();
        client().get().uri("/api/terminal/ws/" + session + "?ticket=forged").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void while_the_client_is_paused_the_server_stops_reading_the_flood() throws Exception {
        try (TerminalClient client = TerminalClient.connect(terminal(ticket(alice, session, "type")))) {
            client.awaitPrompt(WAIT);
            client.send((byte) 0x02, new byte[0]);
            client.type("yes flood | head -c 50000000; echo flood-$((1+1))-done\n");
            Thread.sleep(1500);
            int whilePaused = client.output().length();
            client.send((byte) 0x03, new byte[0]);
            client.awaitOutput(output -> output.contains("flood-2-done"), Duration.ofSeconds(120));
            // Paused, at most what was buffered before the pause took effect arrives, far from 50 MB.
            assertThat(whilePaused).isLessThan(2_000_000);
        }
    }
}
