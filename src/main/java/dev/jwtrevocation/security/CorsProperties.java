package dev.jwtrevocation.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Browser origins allowed to call this API ({@code CORS_ALLOWED_ORIGINS}, a
 * comma-separated list of exact origins such as {@code https://app.example.com}). None by
 * default: a production deployment names its frontends explicitly. The {@code dev}
 * profile allows the usual local dev servers.
 *
 * @param allowedOrigins exact origins (scheme, host and port)
 */
@ConfigurationProperties("cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins) {
}
