package dev.codeplatform.gateway.infrastructure;

import com.zaxxer.hikari.HikariDataSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * One PostgreSQL for everything, chosen in this order: a connection-details bean (Testcontainers'
 * {@code @ServiceConnection}), Spring's {@code spring.datasource.url}, the one-URL variable
 * {@code PLATFORM_DATABASE_URL}, and otherwise an embedded PostgreSQL kept in {@code platform.data-dir}.
 *
 * <p>The JDBC DataSource and transaction manager are declared here because an R2DBC connection factory makes Boot
 * skip its own, and Axon's JDBC stores need them (STACK.md, trap 1).
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean
    DatabaseEndpoint databaseEndpoint(ObjectProvider<JdbcConnectionDetails> connectionDetails, Environment environment,
                                      ObjectProvider<EmbeddedPostgres> embedded) {
        JdbcConnectionDetails details = connectionDetails.getIfAvailable();
        if (details != null) {
            return DatabaseEndpoint.parse(details.getJdbcUrl(), details.getUsername(), details.getPassword());
        }
        String springUrl = environment.getProperty("spring.datasource.url");
        if (springUrl != null && !springUrl.isBlank()) {
            return DatabaseEndpoint.parse(springUrl, environment.getProperty("spring.datasource.username"),
                    environment.getProperty("spring.datasource.password"));
        }
        String oneUrl = environment.getProperty("PLATFORM_DATABASE_URL");
        if (oneUrl != null && !oneUrl.isBlank()) {
            return DatabaseEndpoint.parse(oneUrl, null, null);
        }
        EmbeddedPostgres postgres = embedded.getObject();
        return new DatabaseEndpoint("localhost", postgres.getPort(), "postgres", "postgres", "postgres");
    }

    @Bean(destroyMethod = "close")
    @org.springframework.context.annotation.Lazy
    EmbeddedPostgresGuard embeddedPostgresGuard(@Value("${platform.data-dir}") Path dataDir) throws IOException {
        return EmbeddedPostgresGuard.claim(embeddedDirectory(dataDir));
    }

    private static Path embeddedDirectory(Path dataDir) {
        return dataDir.resolve("postgres").toAbsolutePath();
    }

    /**
     * Started only when {@link #databaseEndpoint} asks for it, i.e. when no database is configured. Stopped by the
     * application context after everything that uses it (no JVM shutdown hook of its own, which would stop it while
     * the graceful shutdown still writes), within the folder's {@link EmbeddedPostgresGuard}.
     */
    @Bean(destroyMethod = "close")
    @org.springframework.context.annotation.Lazy
    EmbeddedPostgres embeddedPostgres(@Value("${platform.data-dir}") Path dataDir,
                                      @Value("${platform.database.embedded-port:0}") int port,
                                      EmbeddedPostgresGuard guard) {
        Path directory = embeddedDirectory(dataDir);
        try {
            log.info("No database configured: starting an embedded PostgreSQL in {}", directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // zonky turns durability off for throwaway test databases; an acknowledged write must survive.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    // The server's own log (start, stop, checkpoints, errors) in <data-dir>/postgres/log: zonky only
                    // reads its stderr until pg_ctl returns, so everything it logged while running was lost.
                    .setServerConfig("logging_collector", "on");
            if (port > 0) {
                builder.setPort(port);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    @Bean
    @Primary
    HikariDataSource dataSource(DatabaseEndpoint endpoint, @Value("${platform.database.jdbc-pool-size:20}") int poolSize) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("platform-jdbc");
        dataSource.setJdbcUrl(endpoint.jdbcUrl());
        dataSource.setUsername(endpoint.username());
        dataSource.setPassword(endpoint.password());
        dataSource.setMaximumPoolSize(poolSize);
        return dataSource;
    }

    @Bean
    @Primary
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean(destroyMethod = "dispose")
    ConnectionPool connectionFactory(DatabaseEndpoint endpoint,
                                     @Value("${platform.database.r2dbc-pool-size:10}") int poolSize) {
        ConnectionFactory postgres = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(endpoint.host())
                .port(endpoint.port())
                .database(endpoint.database())
                .username(endpoint.username())
                .password(endpoint.password())
                .build());
        return new ConnectionPool(ConnectionPoolConfiguration.builder(postgres)
                .name("platform-r2dbc")
                .maxSize(poolSize)
                .build());
    }
}
