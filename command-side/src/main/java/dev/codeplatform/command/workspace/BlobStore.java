package dev.codeplatform.command.workspace;

/** Immutable, content-addressed file content: events carry only the hash, so the same file is stored once. */
public interface BlobStore {

    /**
     * Stores {@code content} under {@code hash} (its lower-case hex SHA-256) in the current transaction, so it is
     * rolled back with the events if they cannot be appended; storing a hash that exists already does nothing.
     */
    void store(String hash, byte[] content);
}
