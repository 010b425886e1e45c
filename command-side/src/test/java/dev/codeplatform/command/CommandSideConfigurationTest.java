package dev.codeplatform.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.codeplatform.command.session.SessionLimits;
import dev.codeplatform.command.workspace.WorkspaceLimits;
import javax.sql.DataSource;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The wiring alone: Axon's auto-configuration and a real database are the gateway's integration tests' part. */
class CommandSideConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withBean(DataSource.class, () -> mock(DataSource.class))
            .withBean(Snapshotter.class, () -> mock(Snapshotter.class))
            .withUserConfiguration(CommandSideConfiguration.class);

    @Test
    void withoutPropertiesTheDefaultLimitsApply() {
        context.run(ctx -> {
            assertThat(ctx.getBean(WorkspaceLimits.class)).isEqualTo(WorkspaceLimits.DEFAULTS);
            assertThat(ctx.getBean(SessionLimits.class)).isEqualTo(SessionLimits.DEFAULTS);
            assertThat(ctx.getBean("workspaceCache", Cache.class)).isInstanceOf(SoftReferenceCache.class);
            assertThat(ctx.getBean("workspaceSnapshotTrigger", SnapshotTriggerDefinition.class))
                    .isInstanceOf(EventCountSnapshotTriggerDefinition.class);
        });
    }

    @Test
    void limitsAreBoundFromThePlatformProperties() {
        context.withPropertyValues(
                        "platform.workspace.max-file-bytes=2048",
                        "platform.workspace.max-entries=50",
                        "platform.workspace.aggregate-cache=none",
                        "platform.sessions.max-open-per-user=3")
               .run(ctx -> {
                   assertThat(ctx.getBean(WorkspaceLimits.class))
                           .isEqualTo(new WorkspaceLimits(2048, 1024L * 1024 * 1024, 50));
                   assertThat(ctx.getBean(SessionLimits.class)).isEqualTo(new SessionLimits(3));
                   assertThat(ctx.getBean("workspaceCache", Cache.class)).isSameAs(NoCache.INSTANCE);
               });
    }

    @Test
    void theAggregatesAreFoundByTheComponentScan() {
        context.run(ctx -> assertThat(ctx.getBeanNamesForAnnotation(
                org.axonframework.spring.stereotype.Aggregate.class))
                .containsExactlyInAnyOrder("account", "workspace", "session"));
    }
}
