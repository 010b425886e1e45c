package dev.codeplatform.gateway.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a real PostgreSQL: what a killed platform leaves behind does not stop the next one from starting. */
class EmbeddedPostgresGuardTest {

    @TempDir
    Path dataDir;

    private EmbeddedPostgres start(Path directory) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start();
    }

    /** A platform that starts its PostgreSQL, writes, and is then killed with SIGKILL by the test. */
    public static final class KilledPlatform {

        public static void main(String[] args) throws Exception {
            Path directory = Path.of(args[0]);
            EmbeddedPostgresGuard.claim(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(directory)
                    .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
            try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
                connection.createStatement().execute("CREATE TABLE survives (id int); INSERT INTO survives VALUES (7)");
            }
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void a_postgres_left_running_by_a_killed_platform_is_stopped_and_the_folder_starts_again() throws Exception {
        Path directory = dataDir.resolve("postgres");
        Process platform = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledPlatform.class.getName(), directory.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(platform.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null && !line.equals("READY")) {
                // start-up log
            }
            assertThat(line).as("the platform started its PostgreSQL").isEqualTo("READY");
        }
        platform.destroyForcibly().waitFor(60, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no clean-up
        ProcessHandle postmaster = EmbeddedPostgresGuard.orphan(directory).orElseThrow();

        try (EmbeddedPostgresGuard next = EmbeddedPostgresGuard.claim(directory)) {
            assertThat(postmaster.isAlive()).isFalse();
            assertThat(EmbeddedPostgresGuard.orphan(directory)).isEmpty();
            try (EmbeddedPostgres restarted = start(directory);
                 Connection connection = restarted.getPostgresDatabase().getConnection();
                 ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM survives")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
            }
        }
    }

    @Test
    void a_folder_in_use_by_a_running_platform_is_refused_with_the_reason() throws Exception {
        Path directory = dataDir.resolve("postgres");
        try (EmbeddedPostgresGuard running = EmbeddedPostgresGuard.claim(directory)) {
            assertThatThrownBy(() -> EmbeddedPostgresGuard.claim(directory))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another running platform");
        }
        EmbeddedPostgresGuard.claim(directory).close(); // free again once the first one is gone
    }
}
