package dev.codeplatform.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Builds the RFC 9457 problems every error is answered with: a stable {@code code} and a human {@code detail}. */
@Component
public class Problems {

    private final ObjectMapper json;

    public Problems(ObjectMapper json) {
        this.json = json;
    }

    public ProblemDetail problem(HttpStatusCode status, String code, String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:code-platform:problem:" + code.toLowerCase().replace('_', '-')));
        problem.setProperty("code", code);
        properties.forEach(problem::setProperty);
        return problem;
    }

    /** For filters that answer before any controller runs (authentication, the terminal upgrade). */
    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = problem(status, code, detail, Map.of());
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
