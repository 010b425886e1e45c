package dev.codeplatform.query;

import dev.codeplatform.query.account.AccountProjection;
import dev.codeplatform.query.account.AccountQueryHandlers;
import dev.codeplatform.query.session.SessionProjection;
import dev.codeplatform.query.session.SessionQueryHandlers;
import dev.codeplatform.query.versions.ProjectedVersions;
import dev.codeplatform.query.workspace.WorkspaceProjection;
import dev.codeplatform.query.workspace.WorkspaceQueryHandlers;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

/** The read side: one projection per read model (each its own processing group) and the query handlers. */
@Configuration(proxyBeanMethods = false)
public class QuerySideConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    ProjectedVersions projectedVersions(DatabaseClient database, ConnectionFactory connections,
                                        @Value("${platform.read-your-writes.max-wait:5s}") Duration maxWait) {
        return new ProjectedVersions(database, connections, maxWait);
    }

    /** Every projection's processor commits through {@link ProjectionTransactionManager}. */
    @Bean
    ConfigurerModule projectionTransactions(JdbcTemplate jdbc) {
        return configurer -> configurer.eventProcessing(processing -> {
            for (String group : List.of(AccountProjection.GROUP, WorkspaceProjection.GROUP, SessionProjection.GROUP)) {
                processing.registerTransactionManager(group, config ->
                        new ProjectionTransactionManager(config.getComponent(TransactionManager.class), jdbc));
            }
        });
    }

    @Bean
    AccountProjection accountProjection(JdbcTemplate jdbc) {
        return new AccountProjection(jdbc);
    }

    @Bean
    WorkspaceProjection workspaceProjection(JdbcTemplate jdbc) {
        return new WorkspaceProjection(jdbc);
    }

    @Bean
    SessionProjection sessionProjection(JdbcTemplate jdbc) {
        return new SessionProjection(jdbc);
    }

    @Bean
    AccountQueryHandlers accountQueryHandlers(DatabaseClient database) {
        return new AccountQueryHandlers(database);
    }

    @Bean
    WorkspaceQueryHandlers workspaceQueryHandlers(DatabaseClient database, ProjectedVersions versions) {
        return new WorkspaceQueryHandlers(database, versions);
    }

    @Bean
    SessionQueryHandlers sessionQueryHandlers(DatabaseClient database, ProjectedVersions versions) {
        return new SessionQueryHandlers(database, versions);
    }
}
