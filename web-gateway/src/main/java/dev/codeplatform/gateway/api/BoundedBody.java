package dev.codeplatform.gateway.api;

import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Reads a raw request body of any content type (a file's bytes), refusing it as soon as it passes the limit, so an
 * oversize upload is never held in memory whole.
 */
final class BoundedBody {

    private BoundedBody() {
    }

    static Mono<byte[]> read(ServerHttpRequest request, long limit) {
        return DataBufferUtils.join(request.getBody(), (int) Math.min(Integer.MAX_VALUE, limit))
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, error -> new Rejection(RejectionCode.FILE_TOO_LARGE,
                        "The file is larger than the " + limit + " byte limit", Map.of("maxBytes", limit)));
    }
}
