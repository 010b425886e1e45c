package dev.codeplatform.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import dev.codeplatform.command.testing.InMemoryBlobStore;
import dev.codeplatform.command.testing.InMemoryOpenSessionClaims;
import dev.codeplatform.command.testing.InMemoryUsernameClaims;
import dev.codeplatform.schema.account.AccountCommands.RegisterAccount;
import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import dev.codeplatform.schema.session.SessionCommands.CloseSession;
import dev.codeplatform.schema.session.SessionEvent.SessionClosed;
import dev.codeplatform.schema.session.SessionEvent.SessionOpened;
import dev.codeplatform.schema.workspace.ContentHash;
import dev.codeplatform.schema.workspace.WorkspaceCommands.CreateWorkspace;
import dev.codeplatform.schema.workspace.WorkspaceCommands.OpenSession;
import dev.codeplatform.schema.workspace.WorkspaceCommands.WriteFile;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The aggregates inside Spring and Axon's auto-configuration: handler parameters resolved from beans, the workspace
 * creating sessions through Axon's repositories, snapshots taken and loaded with the Jackson serializer. Events live in
 * memory and the JDBC stores are replaced by in-memory ones; with PostgreSQL this is the gateway's integration test.
 */
@SpringBootTest(classes = CommandSideWiringTest.Application.class, properties = {
        "axon.axonserver.enabled=false",
        "axon.serializer.general=jackson",
        "axon.serializer.events=jackson",
        "axon.serializer.messages=jackson",
        "platform.workspace.snapshot-threshold=3",
        "platform.workspace.aggregate-cache=none",
        "platform.sessions.max-open-per-user=1"})
class CommandSideWiringTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration(exclude = {DataSourceAutoConfiguration.class,
            DataSourceTransactionManagerAutoConfiguration.class, JdbcAutoConfiguration.class})
    @Import(CommandSideConfiguration.class)
    static class Application {

        @Bean
        DataSource dataSource() {
            return mock(DataSource.class);
        }

        @Bean
        EventStorageEngine eventStorageEngine() {
            return new InMemoryEventStorageEngine();
        }

        @Bean
        @Primary
        InMemoryBlobStore inMemoryBlobStore() {
            return new InMemoryBlobStore();
        }

        @Bean
        @Primary
        InMemoryUsernameClaims inMemoryUsernameClaims() {
            return new InMemoryUsernameClaims();
        }

        @Bean
        @Primary
        InMemoryOpenSessionClaims inMemoryOpenSessionClaims() {
            return new InMemoryOpenSessionClaims();
        }
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventStorageEngine storage;
    @Autowired
    InMemoryBlobStore blobs;
    @Autowired
    InMemoryUsernameClaims usernames;
    @Autowired
    InMemoryOpenSessionClaims sessionClaims;
    @Autowired
    ThreadPoolTaskExecutor snapshotExecutor;

    @Test
    void workspacesAreSnapshottedAndLoadedFromTheirSnapshot() throws Exception {
        WorkspaceId workspace = WorkspaceId.random();
        UserId owner = UserId.random();

        assertThat(commands.<Long>sendAndWait(new CreateWorkspace(workspace, owner, "wired"))).isEqualTo(1L);
        for (int i = 1; i <= 4; i++) {
            assertThat(commands.<Long>sendAndWait(write(workspace, owner, "f" + i, "content " + i, null)))
                    .isEqualTo(i + 1L);
        }

        awaitSnapshot(workspace);
        assertThat(blobs.blobs()).containsKeys(hashOf("content 1"), hashOf("content 2"), hashOf("content 3"),
                hashOf("content 4"));
        // loaded from the snapshot: the tree and the versions are there
        assertThat(commands.<Long>sendAndWait(write(workspace, owner, "f2", "content 2", null))).isEqualTo(5L);
        assertThatThrownBy(() -> commands.sendAndWait(write(workspace, owner, "f4", "new", 4L)))
                .isInstanceOfSatisfying(Rejection.class,
                        r -> assertThat(r.code()).isEqualTo(RejectionCode.VERSION_CONFLICT));
        assertThat(commands.<Long>sendAndWait(write(workspace, owner, "f1", "new", 5L))).isEqualTo(6L);
    }

    /** The snapshot is taken on the snapshotter's own thread: a slow one holds up neither the write nor the next. */
    @Test
    void snapshotsAreTakenAfterTheWriteAnsweredOnTheirOwnThread() throws Exception {
        WorkspaceId workspace = WorkspaceId.random();
        UserId owner = UserId.random();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        snapshotExecutor.execute(() -> {
            busy.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            commands.sendAndWait(new CreateWorkspace(workspace, owner, "async"));
            for (int i = 1; i <= 7; i++) { // two thresholds' worth of events while the snapshotter is held
                assertThat(commands.<Long>sendAndWait(write(workspace, owner, "f" + i, "content " + i, null)))
                        .isEqualTo(i + 1L);
            }
            assertThat(storage.readSnapshot(workspace.toString())).isEmpty();
        } finally {
            release.countDown();
        }
        awaitSnapshot(workspace);
        assertThat(commands.<Long>sendAndWait(write(workspace, owner, "f7", "content 7", null))).isEqualTo(8L);
        assertThat(commands.<Long>sendAndWait(write(workspace, owner, "f7", "changed", 8L))).isEqualTo(9L);
    }

    @Test
    void aWorkspaceOpensSessionsWithinTheLimitAndClosingFreesThePlace() {
        WorkspaceId workspace = WorkspaceId.random();
        UserId owner = UserId.random();
        SessionId first = SessionId.random();
        commands.sendAndWait(new CreateWorkspace(workspace, owner, "sessions"));

        assertThat(commands.<Long>sendAndWait(new OpenSession(workspace, owner, first))).isEqualTo(1L);
        assertThat(eventStore.readEvents(first.toString()).asStream().<Object>map(EventMessage::getPayload).toList())
                .containsExactly(new SessionOpened(first, workspace, owner, Actor.user(owner)));
        assertThatThrownBy(() -> commands.sendAndWait(new OpenSession(workspace, owner, SessionId.random())))
                .isInstanceOfSatisfying(Rejection.class,
                        r -> assertThat(r.code()).isEqualTo(RejectionCode.TOO_MANY_SESSIONS));

        assertThat(commands.<Long>sendAndWait(new CloseSession(first, Actor.user(owner), "done"))).isEqualTo(2L);
        assertThat(eventStore.readEvents(first.toString()).asStream().<Object>map(EventMessage::getPayload).toList())
                .last().isEqualTo(new SessionClosed(first, workspace, Actor.user(owner), "done"));
        assertThat(commands.<Long>sendAndWait(new OpenSession(workspace, owner, SessionId.random()))).isEqualTo(1L);
    }

    @Test
    void accountsClaimTheirUsername() {
        UserId user = UserId.random();
        commands.sendAndWait(new RegisterAccount(user, "Wired.User", "$argon2id$v=19$m=16384,t=2,p=1$c2FsdA$aGFzaA"));

        assertThat(usernames.claims()).containsEntry("wired.user", user);
        assertThatThrownBy(() -> commands.sendAndWait(new RegisterAccount(UserId.random(), "wired.USER", "$x")))
                .isInstanceOfSatisfying(Rejection.class,
                        r -> assertThat(r.code()).isEqualTo(RejectionCode.USERNAME_TAKEN));
    }

    private void awaitSnapshot(WorkspaceId workspace) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (storage.readSnapshot(workspace.toString()).isEmpty()) {
            assertThat(System.nanoTime()).as("snapshot of %s within 10 s", workspace).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static String hashOf(String content) {
        return ContentHash.sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    private static WriteFile write(WorkspaceId workspace, UserId owner, String path, String content, Long base) {
        return new WriteFile(workspace, owner, Actor.user(owner), path, content.getBytes(StandardCharsets.UTF_8), base);
    }
}
