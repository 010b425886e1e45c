package dev.codeplatform.execution.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveEnvironmentsTest {

    private final LiveEnvironments environments = new LiveEnvironments();
    private final List<SessionId> registered = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void unregisterAll() {
        registered.forEach(environments::unregister);
    }

    private void register(SessionId session) {
        registered.add(session);
        environments.register(session, WorkspaceId.random(), UserId.random(), session.toString());
    }

    @Test
    void a_wait_completes_when_the_session_registers_and_leaves_nothing_behind() {
        SessionId session = SessionId.random();
        CompletableFuture<LiveEnvironment> registration = environments.awaitRegistration(session);
        assertThat(registration).isNotDone();
        assertThat(environments.pendingRegistrationWaits()).isEqualTo(1);

        register(session);

        assertThat(registration.join().sessionId()).isEqualTo(session);
        assertThat(environments.pendingRegistrationWaits()).isZero();
    }

    @Test
    void a_wait_for_a_registered_session_completes_at_once() {
        SessionId session = SessionId.random();
        register(session);

        assertThat(environments.awaitRegistration(session)).isCompleted();
        assertThat(environments.pendingRegistrationWaits()).isZero();
    }

    @Test
    void a_cancelled_wait_is_removed_and_other_waits_for_the_session_stay() {
        SessionId session = SessionId.random();
        CompletableFuture<LiveEnvironment> abandoned = environments.awaitRegistration(session);
        CompletableFuture<LiveEnvironment> kept = environments.awaitRegistration(session);

        abandoned.cancel(false);
        assertThat(environments.pendingRegistrationWaits()).isEqualTo(1);

        register(session);
        assertThat(kept).isCompleted();
        assertThat(environments.pendingRegistrationWaits()).isZero();
    }

    @Test
    void waits_racing_with_registrations_all_complete() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<LiveEnvironment>> waits = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                SessionId session = SessionId.random();
                CompletableFuture<CompletableFuture<LiveEnvironment>> waiting =
                        CompletableFuture.supplyAsync(() -> environments.awaitRegistration(session), threads);
                threads.execute(() -> register(session));
                waits.add(waiting.join());
            }
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(environments.pendingRegistrationWaits()).isZero();
        } finally {
            threads.shutdown();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
