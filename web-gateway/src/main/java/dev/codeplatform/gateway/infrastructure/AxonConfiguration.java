package dev.codeplatform.gateway.infrastructure;

import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Axon runs on its JDBC stores (auto-configured from the DataSource); PostgreSQL-specific pieces live here. */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /** Loads sagas with {@code SELECT ... FOR UPDATE}, so two processors never change one saga at once. */
    @Bean
    SagaSqlSchema sagaSqlSchema() {
        return new PostgresSagaSqlSchema();
    }
}
