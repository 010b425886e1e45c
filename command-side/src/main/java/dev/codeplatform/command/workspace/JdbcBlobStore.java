package dev.codeplatform.command.workspace;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Table {@code file_blob}, written on the connection of the current Spring transaction (the unit of work's).
 * Concurrent writers of the same new content: the second insert waits for the first transaction and then does
 * nothing.
 */
public class JdbcBlobStore implements BlobStore {

    private final JdbcTemplate jdbc;

    public JdbcBlobStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public void store(String hash, byte[] content) {
        jdbc.update("""
                insert into file_blob (hash, size, content) values (?, ?, ?)
                on conflict (hash) do nothing""", hash, (long) content.length, content);
    }
}
