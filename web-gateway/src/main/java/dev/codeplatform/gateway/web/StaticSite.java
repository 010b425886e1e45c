package dev.codeplatform.gateway.web;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Serves the frontend's static export (the {@code frontend} jar puts Next.js's {@code out/} under
 * {@code classpath:/static/}) with the rules a Next.js App Router export needs:
 * <ul>
 *   <li>{@code /x/} answers {@code static/x/index.html}; {@code /x} (no slash) redirects to {@code /x/} (308, query
 *       kept) when that page exists;</li>
 *   <li>{@code /x/index.txt} (the React Server Component payload, fetched with an {@code _rsc} query that is
 *       ignored) answers with {@code text/x-component}; without it Next.js falls back to full page loads;</li>
 *   <li>{@code /_next/static/**} is content-hashed: cached for a year, immutable; everything else is revalidated
 *       ({@code no-cache} with {@code Last-Modified});</li>
 *   <li>any other GET/HEAD outside the API answers 404 with the export's {@code 404.html}.</li>
 * </ul>
 * It never touches {@code /api} or anything below it: those requests go on down the chain untouched (so the API,
 * its 404 problems and the terminal WebSocket upgrade are exactly as without this filter). Only GET and HEAD are
 * served; other methods on non-API paths also go on down the chain.
 *
 * <p>Spring Security's firewall has already refused encoded slashes, backslashes and '.'/'..' segments; the path is
 * still checked here so that nothing outside {@code static/} can be named. Turn on response compression in the
 * gateway for the scripts ({@code server.compression.enabled=true}, {@code server.compression.mime-types} adding
 * {@code text/javascript,application/javascript,text/css,text/x-component}).
 */
@Component
@Order(0) // after Spring Security (-100): its firewall and headers apply to the pages too
public class StaticSite implements WebFilter {

    private static final String ROOT = "static/";
    private static final MediaType RSC = MediaType.parseMediaType("text/x-component");
    private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");
    private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");
    private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
    private static final CacheControl REVALIDATE = CacheControl.noCache();

    private final ClassLoader classLoader;

    public StaticSite() {
        this(StaticSite.class.getClassLoader());
    }

    StaticSite(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (isApi(path) || !(HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod()))) {
            return chain.filter(exchange);
        }
        Optional<String> relative = relative(path);
        if (relative.isEmpty()) {
            return notFound(exchange);
        }
        String name = relative.get();
        String file = name.isEmpty() || name.endsWith("/") ? name + "index.html" : name;
        Resource resource = resource(file);
        if (resource != null) {
            return serve(exchange, resource, file, HttpStatus.OK);
        }
        if (!name.isEmpty() && !name.endsWith("/") && resource(name + "/index.html") != null) {
            String query = request.getURI().getRawQuery();
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(HttpStatus.PERMANENT_REDIRECT);
            response.getHeaders().set(HttpHeaders.LOCATION,
                    request.getPath().value() + "/" + (query == null ? "" : "?" + query));
            return response.setComplete();
        }
        return notFound(exchange);
    }

    static boolean isApi(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    /**
     * The path below {@code static/} (without the leading slash), or empty when it could name something outside it.
     * The path is already decoded segment by segment by the server; anything odd is refused rather than normalised.
     */
    static Optional<String> relative(String path) {
        if (!path.startsWith("/") || path.contains("\\") || path.contains("\0") || path.contains("//")) {
            return Optional.empty();
        }
        String relative = path.substring(1);
        for (String segment : relative.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(relative);
    }

    /** A readable file (never a directory) under {@code static/}, or null. */
    private Resource resource(String relative) {
        ClassPathResource resource = new ClassPathResource(ROOT + relative, classLoader);
        return resource.isReadable() ? resource : null;
    }

    private Mono<Void> notFound(ServerWebExchange exchange) {
        Resource page = resource("404.html");
        if (page == null) {
            exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
            return exchange.getResponse().setComplete();
        }
        return serve(exchange, page, "404.html", HttpStatus.NOT_FOUND);
    }

    private Mono<Void> serve(ServerWebExchange exchange, Resource resource, String file, HttpStatus status) {
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders headers = response.getHeaders();
        boolean immutable = file.startsWith("_next/static/");
        if (status == HttpStatus.OK) {
            Instant modified = lastModified(resource);
            if (!immutable && modified != null && exchange.checkNotModified(modified)) {
                return response.setComplete();
            }
            if (modified != null) {
                headers.setLastModified(modified);
            }
        }
        response.setStatusCode(status);
        headers.setContentType(mediaType(file, resource));
        headers.setCacheControl(immutable && status == HttpStatus.OK ? IMMUTABLE : REVALIDATE);
        headers.set("X-Content-Type-Options", "nosniff");
        try {
            headers.setContentLength(resource.contentLength());
        } catch (IOException e) {
            // unknown length: sent chunked
        }
        return response.writeWith(DataBufferUtils.read(resource, response.bufferFactory(), 16 * 1024));
    }

    static MediaType mediaType(String file, Resource resource) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        if (name.equals("index.txt") || file.endsWith(".rsc")) {
            return RSC;
        }
        if (name.endsWith(".html")) {
            return HTML;
        }
        if (name.endsWith(".js") || name.endsWith(".mjs")) {
            return JAVASCRIPT;
        }
        return MediaTypeFactory.getMediaType(resource).orElse(MediaType.APPLICATION_OCTET_STREAM);
    }

    private static Instant lastModified(Resource resource) {
        try {
            long millis = resource.lastModified();
            return millis > 0 ? Instant.ofEpochMilli(millis / 1000 * 1000) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
