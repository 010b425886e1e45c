package dev.codeplatform.gateway.infrastructure;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Where the PostgreSQL database is: one description from which both the JDBC and the R2DBC side connect. */
record DatabaseEndpoint(String host, int port, String database, String username, String password) {

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /**
     * Reads {@code jdbc:postgresql://host[:port]/db} (credentials given apart) or
     * {@code postgresql://user:password@host[:port]/db}, the usual form of one-URL settings.
     */
    static DatabaseEndpoint parse(String url, String username, String password) {
        String withoutJdbc = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        URI uri = URI.create(withoutJdbc.replaceFirst("^postgres(ql)?://", "postgresql://"));
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null || uri.getPath() == null
                || uri.getPath().length() < 2) {
            throw new IllegalArgumentException("Not a PostgreSQL URL (postgresql://user:password@host:port/database): "
                    + url.replaceAll("//[^@/]*@", "//***@"));
        }
        String user = username;
        String secret = password;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            secret = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : secret;
        }
        return new DatabaseEndpoint(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, uri.getPath().substring(1),
                user, secret);
    }
}
