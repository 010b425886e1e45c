package dev.codeplatform.gateway.api;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class HealthController {

    private final DatabaseClient database;

    HealthController(DatabaseClient database) {
        this.database = database;
    }

    /** UP when the application answers and its database does too. */
    @GetMapping("/api/health")
    Mono<ResponseEntity<Map<String, String>>> health() {
        return database.sql("select 1").map(row -> 1).one()
                .map(ok -> ResponseEntity.ok(Map.of("status", "UP")))
                .timeout(java.time.Duration.ofSeconds(2))
                .onErrorReturn(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("status", "DOWN")));
    }
}
