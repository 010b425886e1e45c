package dev.codeplatform.gateway.infrastructure;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.reactive.UrlHandlerFilter;

/** API paths are tolerated with a trailing slash ({@code /api/health/} is {@code /api/health}), as API.md asks. */
@Configuration(proxyBeanMethods = false)
public class TrailingSlashes {

    @Bean
    UrlHandlerFilter trailingSlashFilter() {
        return UrlHandlerFilter.trailingSlashHandler("/api/**").mutateRequest().build();
    }
}
