package dev.codeplatform.command.workspace;

import static dev.codeplatform.command.testing.Rejections.rejectedWith;
import static dev.codeplatform.command.workspace.WorkspaceTesting.OWNER;
import static dev.codeplatform.command.workspace.WorkspaceTesting.STRANGER;
import static dev.codeplatform.command.workspace.WorkspaceTesting.WORKSPACE;
import static dev.codeplatform.command.workspace.WorkspaceTesting.created;
import static dev.codeplatform.command.workspace.WorkspaceTesting.written;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeplatform.command.session.Session;
import dev.codeplatform.command.session.SessionLimits;
import dev.codeplatform.command.testing.InMemoryBlobStore;
import dev.codeplatform.command.testing.InMemoryOpenSessionClaims;
import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.rejection.RejectionCode;
import dev.codeplatform.schema.session.SessionEvent.SessionOpened;
import dev.codeplatform.schema.workspace.WorkspaceCommands.OpenSession;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Opening sessions through the workspace. The fixture records one aggregate's events, so the sessions the workspace
 * creates go to an event store of their own, where the tests look for them.
 */
class WorkspaceSessionsTest {

    private final InMemoryOpenSessionClaims claims = new InMemoryOpenSessionClaims();
    private final EmbeddedEventStore sessionEvents =
            EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private AggregateTestFixture<Workspace> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Workspace.class);
        Repository<Session> sessions = EventSourcingRepository.builder(Session.class)
                .eventStore(sessionEvents)
                .parameterResolverFactory(MultiParameterResolverFactory.ordered(
                        ClasspathParameterResolverFactory.forClass(Session.class),
                        new SimpleResourceParameterResolverFactory(List.of(claims))))
                .build();
        fixture.registerRepositoryProvider(new org.axonframework.modelling.command.RepositoryProvider() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Repository<T> repositoryFor(Class<T> aggregateType) {
                return aggregateType == Session.class ? (Repository<T>) sessions : null;
            }
        });
        fixture.registerInjectableResource(WorkspaceLimits.DEFAULTS);
        fixture.registerInjectableResource(new InMemoryBlobStore());
        fixture.registerInjectableResource(claims);
        fixture.registerInjectableResource(new SessionLimits(2));
    }

    @Test
    void openingASessionClaimsAPlaceAndOpensTheSessionWithoutChangingTheWorkspace() {
        SessionId session = SessionId.random();

        fixture.given(created(), written("main.py", "x"))
               .when(new OpenSession(WORKSPACE, OWNER, session))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents()
               .expectResultMessagePayload(2L);

        assertThat(claims.claims()).containsExactly(Map.entry(session, OWNER));
        assertThat(eventsOf(session)).containsExactly(
                new SessionOpened(session, WORKSPACE, OWNER, Actor.user(OWNER)));
    }

    @Test
    void openingMoreSessionsThanTheLimitIsRefusedAndOpensNothing() {
        claims.claim(SessionId.random(), OWNER);
        claims.claim(SessionId.random(), OWNER);
        SessionId third = SessionId.random();

        fixture.given(created())
               .when(new OpenSession(WORKSPACE, OWNER, third))
               .expectException(rejectedWith(RejectionCode.TOO_MANY_SESSIONS,
                       Map.of("open", 2, "maxOpenPerUser", 2)))
               .expectNoEvents();

        assertThat(claims.claims()).hasSize(2).doesNotContainKey(third);
        assertThat(eventsOf(third)).isEmpty();
    }

    @Test
    void otherUsersSessionsDoNotCountTowardsTheLimit() {
        claims.claim(SessionId.random(), STRANGER);
        claims.claim(SessionId.random(), STRANGER);
        claims.claim(SessionId.random(), OWNER);
        SessionId session = SessionId.random();

        fixture.given(created())
               .when(new OpenSession(WORKSPACE, OWNER, session))
               .expectSuccessfulHandlerExecution();

        assertThat(eventsOf(session)).hasSize(1);
    }

    @Test
    void nobodyOpensASessionOnSomeoneElsesWorkspace() {
        SessionId session = SessionId.random();

        fixture.given(created())
               .when(new OpenSession(WORKSPACE, STRANGER, session))
               .expectException(rejectedWith(RejectionCode.WORKSPACE_NOT_FOUND))
               .expectNoEvents();

        assertThat(claims.claims()).isEmpty();
        assertThat(eventsOf(session)).isEmpty();
    }

    private List<Object> eventsOf(SessionId session) {
        return sessionEvents.readEvents(session.toString()).asStream()
                .map(DomainEventMessage::getPayload)
                .map(Object.class::cast)
                .toList();
    }
}
