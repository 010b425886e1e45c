package dev.codeplatform.execution;

import dev.codeplatform.execution.local.LocalSandboxBackend;
import dev.codeplatform.execution.local.LocalSandboxSettings;
import dev.codeplatform.execution.saga.EnvironmentJobs;
import dev.codeplatform.execution.saga.EnvironmentReconciliation;
import dev.codeplatform.execution.saga.EnvironmentSettings;
import dev.codeplatform.execution.saga.SessionActivity;
import dev.codeplatform.execution.saga.SessionEnvironmentSaga;
import dev.codeplatform.execution.sync.FileSync;
import dev.codeplatform.execution.sync.LiveEnvironments;
import dev.codeplatform.execution.sync.WorkspaceChanges;
import java.nio.file.Path;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** Execution environments: the backend, the saga's collaborators, file sync and start-up reconciliation. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EnvironmentSettings.class)
// Axon's Spring support finds sagas by scanning; everything else is declared below.
@ComponentScan(basePackageClasses = SessionEnvironmentSaga.class, useDefaultFilters = false,
        includeFilters = @ComponentScan.Filter(Saga.class))
public class PodSagaConfiguration {

    @Bean(destroyMethod = "close")
    ExecutionBackend executionBackend(@Value("${platform.data-dir}") Path dataDir, EnvironmentSettings settings) {
        return new LocalSandboxBackend(LocalSandboxSettings.defaults(dataDir.resolve("sandboxes").toAbsolutePath())
                .withWarmEnvironments(settings.warm()));
    }

    @Bean
    LiveEnvironments liveEnvironments() {
        return new LiveEnvironments();
    }

    @Bean
    SessionActivity sessionActivity() {
        return new SessionActivity(Clock.systemUTC());
    }

    @Bean
    FileSync fileSync(ExecutionBackend backend, LiveEnvironments environments, CommandGateway commands,
                      QueryGateway queries, SessionActivity activity,
                      @Value("${platform.workspace.max-file-bytes:1048576}") long maxFileBytes) {
        return new FileSync(backend, environments, commands, queries, maxFileBytes, activity::touch);
    }

    @Bean
    WorkspaceChanges workspaceChanges(FileSync sync) {
        return new WorkspaceChanges(sync);
    }

    @Bean(destroyMethod = "close")
    EnvironmentJobs environmentJobs(ExecutionBackend backend, CommandGateway commands, EnvironmentSettings settings,
                                    LiveEnvironments environments, FileSync sync, SessionActivity activity) {
        return new EnvironmentJobs(backend, commands, settings, environments, sync, activity);
    }

    @Bean(destroyMethod = "shutdown")
    DeadlineManager deadlineManager(org.axonframework.config.Configuration axon) {
        return SimpleDeadlineManager.builder()
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(axon))
                .build();
    }

    /**
     * File sync only serves environments running now, which are copied in from the read model: its processor
     * starts at the head of the stream and keeps its position in memory. Its handlers hand work to the environments
     * and write nothing to the database, so it runs without a database transaction (it took a pooled connection and
     * Spring's transaction bookkeeping for every event, for nothing).
     */
    @Bean
    ConfigurerModule fileSyncProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTokenStore(WorkspaceChanges.GROUP, config -> new InMemoryTokenStore())
                .registerTransactionManager(WorkspaceChanges.GROUP, config -> NoTransactionManager.INSTANCE)
                .registerTrackingEventProcessorConfiguration(WorkspaceChanges.GROUP, config ->
                        TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken)));
    }

    @Bean
    EnvironmentReconciliation environmentReconciliation(ExecutionBackend backend, LiveEnvironments environments,
                                                        CommandGateway commands, QueryGateway queries) {
        return new EnvironmentReconciliation(backend, environments, commands, queries);
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> reconcileAtStartUp(EnvironmentReconciliation reconciliation) {
        return ready -> reconciliation.reconcile();
    }
}
