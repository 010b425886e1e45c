package dev.codeplatform.command.testing;

import dev.codeplatform.command.workspace.BlobStore;
import java.util.LinkedHashMap;
import java.util.Map;

public class InMemoryBlobStore implements BlobStore {

    private final Map<String, byte[]> blobs = new LinkedHashMap<>();

    @Override
    public void store(String hash, byte[] content) {
        blobs.putIfAbsent(hash, content.clone());
    }

    public Map<String, byte[]> blobs() {
        return blobs;
    }
}
