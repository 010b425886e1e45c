package dev.codeplatform.command;

import dev.codeplatform.command.account.JdbcUsernameClaims;
import dev.codeplatform.command.account.PasswordHashing;
import dev.codeplatform.command.account.UsernameClaims;
import dev.codeplatform.command.session.JdbcOpenSessionClaims;
import dev.codeplatform.command.session.OpenSessionClaims;
import dev.codeplatform.command.session.SessionLimits;
import dev.codeplatform.command.workspace.BlobStore;
import dev.codeplatform.command.workspace.JdbcBlobStore;
import dev.codeplatform.command.workspace.WorkspaceLimits;
import javax.sql.DataSource;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Everything the command side needs in a Spring application: the aggregates (a scan for {@code @Aggregate} only), the
 * workspace's snapshot trigger and cache, the limits, and the JDBC stores written in the command's transaction.
 * The application provides the DataSource (the one Axon's transaction manager uses) and imports this class or scans
 * {@code dev.codeplatform}. Flyway scripts: {@code classpath:db/migration/command}.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = CommandSideConfiguration.class, useDefaultFilters = false,
        includeFilters = @ComponentScan.Filter(Aggregate.class))
@EnableConfigurationProperties({
        CommandSideConfiguration.WorkspaceProperties.class,
        CommandSideConfiguration.SessionProperties.class})
public class CommandSideConfiguration {

    /** {@code platform.workspace.*}. */
    @ConfigurationProperties("platform.workspace")
    public record WorkspaceProperties(
            @DefaultValue("1048576") long maxFileBytes,
            @DefaultValue("1073741824") long maxTotalBytes,
            @DefaultValue("10000") int maxEntries,
            /* events after which a snapshot is taken */
            @DefaultValue("200") int snapshotThreshold,
            /* soft-reference: keep loaded workspaces in memory until the heap runs short; weak-reference: only while
               referenced (lost at every young collection); none: load every time */
            @DefaultValue("soft-reference") AggregateCache aggregateCache,
            /* at most this many workspaces in the soft-reference cache */
            @DefaultValue("10000") long aggregateCacheSize) {
    }

    public enum AggregateCache { SOFT_REFERENCE, WEAK_REFERENCE, NONE }

    /** {@code platform.sessions.*}. */
    @ConfigurationProperties("platform.sessions")
    public record SessionProperties(@DefaultValue("20") int maxOpenPerUser) {
    }

    @Bean
    public WorkspaceLimits workspaceLimits(WorkspaceProperties properties) {
        return new WorkspaceLimits(properties.maxFileBytes(), properties.maxTotalBytes(), properties.maxEntries());
    }

    @Bean
    public SessionLimits sessionLimits(SessionProperties properties) {
        return new SessionLimits(properties.maxOpenPerUser());
    }

    /**
     * Axon's {@code SpringAggregateSnapshotter} as its auto-configuration builds it, but taking snapshots on
     * {@link #snapshotExecutor its own thread}. Axon's default runs the snapshot in the command's thread, after the
     * commit but before the command answers and before the aggregate's lock is released: re-reading up to a
     * threshold's worth of events, replaying them, serializing the workspace and storing it in a second durable
     * transaction, on the path of every 200th write of a workspace and of the writes queued behind its lock.
     * Snapshots are only an optimisation of loading: one taken a little later, or not at all when the server stops
     * first, changes no answer; Axon takes at most one at a time per aggregate. An application that declares its
     * own snapshotter keeps it.
     */
    @Bean
    @ConditionalOnMissingBean(Snapshotter.class)
    public SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration configuration,
                                                           HandlerDefinition handlerDefinition,
                                                           ParameterResolverFactory parameterResolverFactory,
                                                           EventStore eventStore,
                                                           TransactionManager transactionManager,
                                                           SnapshotterSpanFactory spanFactory,
                                                           ThreadPoolTaskExecutor snapshotExecutor) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotExecutor)
                .build();
    }

    /**
     * One thread for snapshots. The queue needs no bound: Axon queues at most one snapshot per aggregate (it skips
     * scheduling while one is pending). It keeps accepting snapshots while the server drains its last requests and,
     * when destroyed, finishes what was queued for a few seconds at most. It takes the DataSource only so that Spring
     * destroys it before closing the database the snapshots are written to.
     */
    @Bean
    public ThreadPoolTaskExecutor snapshotExecutor(DataSource dataSource) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setThreadNamePrefix("snapshotter-");
        executor.setDaemon(true);
        executor.setAcceptTasksAfterContextClose(true);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(5);
        return executor;
    }

    @Bean
    public SnapshotTriggerDefinition workspaceSnapshotTrigger(Snapshotter snapshotter, WorkspaceProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotThreshold());
    }

    /**
     * A cached workspace is not re-read from the event store. That is only safe while one JVM handles all commands
     * of a workspace: with several replicas and no command routing, a stale copy can answer a no-op or a rejection
     * (appends still fail safely on the sequence number). Set {@code platform.workspace.aggregate-cache=none} there.
     */
    @Bean
    public Cache workspaceCache(WorkspaceProperties properties) {
        return switch (properties.aggregateCache()) {
            case SOFT_REFERENCE -> new SoftReferenceCache(properties.aggregateCacheSize());
            case WEAK_REFERENCE -> new WeakReferenceCache();
            case NONE -> NoCache.INSTANCE;
        };
    }

    /** Finds each command's target aggregate as Axon does, with the reflection done once per command class. */
    @Bean
    public CommandTargetResolver commandTargetResolver() {
        return new CachingCommandTargetResolver();
    }

    @Bean
    public BlobStore blobStore(DataSource dataSource) {
        return new JdbcBlobStore(dataSource);
    }

    @Bean
    public UsernameClaims usernameClaims(DataSource dataSource) {
        return new JdbcUsernameClaims(dataSource);
    }

    @Bean
    public OpenSessionClaims openSessionClaims(DataSource dataSource) {
        return new JdbcOpenSessionClaims(dataSource);
    }

    @Bean
    public PasswordHashing passwordHashing() {
        return new PasswordHashing();
    }
}
