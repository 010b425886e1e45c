package dev.codeplatform.gateway;

import dev.codeplatform.command.CommandSideConfiguration;
import dev.codeplatform.execution.PodSagaConfiguration;
import dev.codeplatform.query.QuerySideConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The platform in one process: gateway, command side, query side and the sagas that run environments. */
@SpringBootApplication
@Import({CommandSideConfiguration.class, QuerySideConfiguration.class, PodSagaConfiguration.class})
public class PlatformApplication {

    public static void main(String[] args) {
        // Axon 4.13 would otherwise phone home and write ~/.axoniq/ (STACK.md, trap 3).
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(PlatformApplication.class, args);
    }
}
