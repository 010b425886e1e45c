package dev.codeplatform.gateway;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Tests get PostgreSQL from one place: the platform's own embedded PostgreSQL by default, an external database
 * when {@code spring.datasource.url} or {@code PLATFORM_DATABASE_URL} is set, and Testcontainers' PostgreSQL with
 * {@code -Dplatform.test.database=testcontainers} on a machine with Docker (the connection details bean it
 * declares takes precedence in {@code DatabaseConfiguration}).
 */
@TestConfiguration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "platform.test.database", havingValue = "testcontainers")
class TestcontainersDatabase {

    @Bean
    @ServiceConnection
    PostgreSQLContainer<?> postgres() {
        return new PostgreSQLContainer<>("postgres:17");
    }
}
