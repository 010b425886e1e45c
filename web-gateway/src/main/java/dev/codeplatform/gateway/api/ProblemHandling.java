package dev.codeplatform.gateway.api;

import dev.codeplatform.schema.rejection.Rejection;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/** Turns every failure of a request into a problem with a stable code; nothing internal leaks into the answer. */
@RestControllerAdvice
class ProblemHandling {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    private final Problems problems;

    ProblemHandling(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler(Rejection.class)
    ProblemDetail rejected(Rejection rejection) {
        return problems.problem(status(rejection), rejection.code().name(), rejection.getMessage(), rejection.details());
    }

    static HttpStatus status(Rejection rejection) {
        return switch (rejection.code().category()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
            case TOO_MANY -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    @ExceptionHandler(WebExchangeBindException.class)
    ProblemDetail invalid(WebExchangeBindException exception) {
        String detail = exception.getFieldErrors().stream()
                .map(error -> error.getField() + " " + error.getDefaultMessage())
                .sorted()
                .reduce((a, b) -> a + "; " + b)
                .orElse("The request is invalid");
        return problems.problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", detail, Map.of());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ProblemDetail unreadable(ServerWebInputException exception) {
        if (causedBy(exception, DataBufferLimitException.class)) {
            return tooLarge();
        }
        String detail = exception.getCause() instanceof DecodingException decoding && decoding.getMostSpecificCause() != null
                ? "The request body is not valid: " + firstLine(decoding.getMostSpecificCause().getMessage())
                : "The request is not valid: " + exception.getReason();
        return problems.problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", detail, Map.of());
    }

    @ExceptionHandler(DataBufferLimitException.class)
    ProblemDetail tooLarge() {
        return problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, "FILE_TOO_LARGE",
                "The request body is larger than the platform accepts", Map.of());
    }

    @ExceptionHandler(RejectedExecutionException.class)
    ProblemDetail overloaded() {
        return problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "OVERLOADED",
                "The platform is busy; try again in a moment", Map.of());
    }

    @ExceptionHandler(ResponseStatusException.class)
    ProblemDetail status(ResponseStatusException exception) {
        HttpStatus known = HttpStatus.resolve(exception.getStatusCode().value());
        String code = known != null ? known.name() : "HTTP_" + exception.getStatusCode().value();
        return problems.problem(exception.getStatusCode(), code,
                exception.getReason() != null ? exception.getReason() : code, Map.of());
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception exception) {
        log.error("Unexpected failure of a request", exception);
        return problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "Something went wrong on the platform's side", Map.of());
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int cut = message.indexOf('\n');
        String line = cut < 0 ? message : message.substring(0, cut);
        // Jackson appends "(through reference chain: ...)" with internal class names.
        int chain = line.indexOf(" (through reference chain");
        return chain < 0 ? line : line.substring(0, chain);
    }
}
