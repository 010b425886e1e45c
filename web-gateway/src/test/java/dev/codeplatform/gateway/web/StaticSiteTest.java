package dev.codeplatform.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The static site's serving rules, on a small fake export; the "API" behind it answers 418 so that it is visible
 * when a request went past the filter.
 */
class StaticSiteTest {

    private static WebTestClient web;

    @BeforeAll
    static void export() throws IOException {
        Path root = Files.createTempDirectory("static-site");
        write(root, "static/index.html", "<h1>home</h1>");
        write(root, "static/404.html", "<h1>not found</h1>");
        write(root, "static/login/index.html", "<h1>login</h1>");
        write(root, "static/login/index.txt", "0:rsc");
        write(root, "static/_next/static/chunks/app-123.js", "console.log(1)");
        write(root, "static/robots.txt", "User-agent: *");
        ClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
        web = WebTestClient.bindToWebHandler(exchange -> {
                    exchange.getResponse().setStatusCode(HttpStatus.I_AM_A_TEAPOT);
                    return exchange.getResponse().setComplete();
                })
                .webFilter(new StaticSite(loader))
                .build();
    }

    private static void write(Path root, String file, String content) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content, StandardCharsets.UTF_8);
    }

    @Test
    void servesTheIndexOfAFolder() {
        web.get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).isEqualTo("<h1>home</h1>");
        web.get().uri("/login/?next=/x").exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("<h1>login</h1>");
    }

    @Test
    void redirectsAFolderWithoutItsSlashKeepingTheQuery() {
        web.get().uri(URI.create("/login?next=%2Fw")).exchange().expectStatus().isPermanentRedirect()
                .expectHeader().valueEquals("Location", "/login/?next=%2Fw");
    }

    @Test
    void servesTheRscPayloadAsTextXComponentIgnoringRsc() {
        web.get().uri("/login/index.txt?_rsc=abc12").exchange().expectStatus().isOk()
                .expectHeader().contentType("text/x-component")
                .expectBody(String.class).isEqualTo("0:rsc");
        web.get().uri("/robots.txt").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_PLAIN);
    }

    @Test
    void cachesHashedAssetsForever() {
        web.get().uri("/_next/static/chunks/app-123.js").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(new MediaType("text", "javascript"))
                .expectHeader().value("Cache-Control", value -> assertThat(value).contains("immutable"));
        web.get().uri("/").exchange()
                .expectHeader().value("Cache-Control", value -> assertThat(value).contains("no-cache"));
    }

    @Test
    void answersUnknownPagesWithThe404Page() {
        web.get().uri("/nope").exchange().expectStatus().isNotFound()
                .expectBody(String.class).isEqualTo("<h1>not found</h1>");
        web.get().uri("/_next/static/").exchange().expectStatus().isNotFound();
        web.get().uri("/apix").exchange().expectStatus().isNotFound();
    }

    @Test
    void neverShadowsTheApi() {
        web.get().uri("/api").exchange().expectStatus().isEqualTo(HttpStatus.I_AM_A_TEAPOT);
        web.get().uri("/api/").exchange().expectStatus().isEqualTo(HttpStatus.I_AM_A_TEAPOT);
        web.get().uri("/api/workspaces").exchange().expectStatus().isEqualTo(HttpStatus.I_AM_A_TEAPOT);
        web.get().uri("/api/index.html").exchange().expectStatus().isEqualTo(HttpStatus.I_AM_A_TEAPOT);
    }

    @Test
    void leavesOtherMethodsToTheRestOfTheChain() {
        web.post().uri("/login/").exchange().expectStatus().isEqualTo(HttpStatus.I_AM_A_TEAPOT);
    }

    @Test
    void refusesPathsThatCouldLeaveTheExport() {
        assertThat(StaticSite.relative("/a/../b")).isEmpty();
        assertThat(StaticSite.relative("/a//b")).isEmpty();
        assertThat(StaticSite.relative("/a\\b")).isEmpty();
        assertThat(StaticSite.relative("/login/")).contains("login/");
    }
}
