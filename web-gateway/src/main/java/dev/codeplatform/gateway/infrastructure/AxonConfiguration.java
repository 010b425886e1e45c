package dev.codeplatform.gateway.infrastructure;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

/** Axon runs on its JDBC stores (auto-configured from the DataSource); PostgreSQL-specific pieces live here. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /** Loads sagas with {@code SELECT ... FOR UPDATE}, so two processors never change one saga at once. */
    @Bean
    SagaSqlSchema sagaSqlSchema() {
        return new PostgresSagaSqlSchema();
    }

    /**
     * The event store as Axon's auto-configuration builds it, with a smaller cache of recent events
     * ({@code platform.events.cached-events}). The tracking processors at the head of the stream read new events
     * from that cache instead of each querying the database; one that falls further behind reads from the database
     * on its own until it has caught up. Axon's default keeps 10 000 events, about 50 s of writes at 200 writes/s:
     * every young collection copied the recent events through the survivor spaces (GC logs: ages 1-6 at 1.2-2.6 MB
     * each, then promoted), and with writes flowing the pauses took 13-57 ms (4-5 survivor regions) against 4-7 ms
     * for the same server under reads only. With 1 000 events (5 s at 200 writes/s) the events die at their first
     * or second collection (age 1: 2.2 MB, age 2: 10-60 KB) and the open loop's pauses took 6-10 ms. 1 000 events
     * is still about a second of writes at the highest rate measured (64 writers), far more than a processor's
     * batch of 50.
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration,
                                  @Value("${platform.events.cached-events:1000}") int cachedEvents) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .cachedEvents(cachedEvents)
                .build();
    }

    /**
     * Axon's JDBC storage engine exactly as its {@code JdbcAutoConfiguration} builds it (default schema): declaring
     * the event store above switches that auto-configuration off.
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Configuration configuration, ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(new JdbcSQLErrorCodesResolver())
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema())
                .build();
    }
}
