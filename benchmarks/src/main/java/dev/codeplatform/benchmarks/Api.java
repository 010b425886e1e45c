package dev.codeplatform.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** The platform's public API (shared/API.md), as the benchmarks use it. Every call is blocking. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    record Written(int status, long version, String body) {
    }

    private final HttpClient client;
    private final String base;

    Api(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    HttpClient client() {
        return client;
    }

    /** Registers and logs in a fresh user; answers the access token. */
    String newUser(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String body = json(Map.of("username", name, "password", "bench-" + UUID.randomUUID()));
        expect(send(post("/api/auth/register", body, null)), 201, "register");
        HttpResponse<String> login = expect(send(post("/api/auth/login", body, null)), 200, "login");
        return read(login.body()).path("accessToken").asText();
    }

    String createWorkspace(String token, String name) {
        HttpResponse<String> created = expect(send(post("/api/workspaces", json(Map.of("name", name)), token)), 201,
                "create workspace");
        return read(created.body()).path("id").asText();
    }

    /** {@code GET /api/health}: no token, one {@code select 1}. */
    static final String HEALTH_PATH = "/api/health";

    static String filePath(String workspace, String path) {
        return "/api/workspaces/" + workspace + "/files/" + path;
    }

    static String workspacePath(String workspace, long minVersion) {
        return "/api/workspaces/" + workspace + "?minVersion=" + minVersion;
    }

    /** {@code PUT .../files/{path}} over a {@link LeanHttp} connection: 200 means the event is committed. */
    static Written write(LeanHttp connection, String token, String workspace, String path, byte[] content) {
        LeanHttp.Response response = connection.send("PUT", filePath(workspace, path), token, content);
        return written(response.status(), response.body());
    }

    private static Written written(int status, String body) {
        return new Written(status, status == 200 ? read(body).path("version").asLong(-1) : -1, body);
    }

    /** {@code POST /api/workspaces/{id}/sessions}: the new session's id; empty with the problem when refused. */
    String openSession(String token, String workspace) {
        HttpResponse<String> opened = expect(send(post("/api/workspaces/" + workspace + "/sessions", "", token)), 201,
                "open session");
        return read(opened.body()).path("sessionId").asText();
    }

    JsonNode session(String token, String session) {
        return read(expect(send(get("/api/sessions/" + session, token)), 200, "get session").body());
    }

    /**
     * Waits for the session's status {@code ready} by following {@code GET /api/sessions/{id}/events} (server-sent
     * events: no polling delay); fails on {@code failed} or {@code stopped}.
     */
    void awaitReady(String token, String session, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/sessions/" + session + "/events"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .GET().build();
        HttpResponse<Stream<String>> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IllegalStateException("session events answered " + response.statusCode());
        }
        try (Stream<String> lines = response.body()) {
            Optional<String> last = lines.filter(line -> line.startsWith("data:"))
                    .filter(line -> !line.contains("\"status\":\"starting\""))
                    .findFirst();
            String data = last.orElseThrow(() -> new IllegalStateException("session events ended before ready"));
            if (!data.contains("\"status\":\"ready\"")) {
                throw new IllegalStateException("session " + session + " did not become ready: " + data);
            }
        }
    }

    /** Polls {@code GET /api/sessions/{id}} every {@code interval} until ready; fails on failed or stopped. */
    void pollReady(String token, String session, Duration interval, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode view = session(token, session);
            String status = view.path("status").asText();
            if ("ready".equals(status)) {
                return;
            }
            if (!"starting".equals(status)) {
                throw new IllegalStateException("session " + session + " is " + status + ": " + view);
            }
            Thread.sleep(interval.toMillis());
        }
        throw new IllegalStateException("session " + session + " not ready after " + timeout.toSeconds() + " s");
    }

    String ticket(String token, String session) {
        HttpResponse<String> ticket = expect(send(post("/api/sessions/" + session + "/terminal-ticket", "", token)),
                200, "terminal ticket");
        return read(ticket.body()).path("ticket").asText();
    }

    int closeSession(String token, String session) {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/sessions/" + session)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).DELETE().build()).statusCode();
    }

    private HttpRequest post(String path, String body, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private HttpRequest get(String path, String token) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).GET().build();
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": expected " + status + ", got " + response.statusCode() + " "
                    + response.body() + " (" + response.request().method() + " " + response.request().uri() + ")");
        }
        return response;
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
