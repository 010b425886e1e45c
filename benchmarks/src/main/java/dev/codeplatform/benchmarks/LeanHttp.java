package dev.codeplatform.benchmarks;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection on a blocking socket, used by the thread that sends: the request is written and
 * the answer read by that thread, with no hand-off. The JDK's HttpClient passes every exchange through its selector
 * thread and executor, which cost this driver ~0.9 ms of CPU per request at 200 writes/s (0.18 cores of the two the
 * server also runs on) and put the driver's own scheduling into the latency measured. Just what the write suite
 * needs: requests with a body or none, answers with a Content-Length.
 */
final class LeanHttp implements AutoCloseable {

    record Response(int status, String body) {
    }

    private final URI base;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private LeanHttp(URI base, Socket socket) throws IOException {
        this.base = base;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** Opens a connection to the server at {@code base} ({@code http://host:port}). */
    static LeanHttp connect(String base) {
        URI uri = URI.create(base);
        try {
            Socket socket = new Socket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            return new LeanHttp(uri, socket);
        } catch (IOException e) {
            throw new UncheckedIOException("could not connect to " + base, e);
        }
    }

    /** {@code method path} with the bearer token (or none) and the body (or none); answers status and body. */
    Response send(String method, String path, String token, byte[] body) {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/octet-stream\r\nContent-Length: ").append(body.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        try {
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + ": " + e, e);
        }
    }

    private Response read() throws IOException {
        String head = LeanTerminal.readHead(in);
        int status = Integer.parseInt(head.substring(9, 12));
        int length = -1;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        if (length < 0) {
            throw new IOException("an answer without Content-Length, which this client does not read: "
                    + head.lines().findFirst().orElse(""));
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("the server closed the connection in the middle of an answer");
        }
        return new Response(status, new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
