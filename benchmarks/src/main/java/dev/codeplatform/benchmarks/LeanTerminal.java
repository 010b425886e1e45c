package dev.codeplatform.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The platform's terminal over a WebSocket spoken directly on a blocking socket (RFC 6455, client side, just what
 * the terminal needs): a key is written by the typing thread itself, and a reader thread blocked in {@code read}
 * stamps each frame as it arrives. So the echo round trip has the same client shape as the host PTY baseline (written
 * by the caller, read by a blocked thread) and measures the server, not a client library's thread hand-offs (the
 * JDK's WebSocket client, {@link RemoteTerminal}, passes each frame through its executor).
 */
final class LeanTerminal implements Shell {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int OPCODE_CONTINUATION = 0x0;
    private static final int OPCODE_BINARY = 0x2;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;
    private static final int OPCODE_PONG = 0xA;

    private final Socket socket;
    private final OutputStream out;
    private final SecureRandom random = new SecureRandom();
    private final Thread reader;
    private volatile Sink sink;

    private LeanTerminal(Socket socket, InputStream in, Sink sink) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.sink = sink;
        this.reader = new Thread(() -> read(new DataInputStream(in)), "lean-terminal-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Connects to {@code ws://host:port/path?query} and completes the upgrade. */
    static LeanTerminal connect(String url, Sink sink) {
        URI uri = URI.create(url);
        try {
            Socket socket = new Socket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            byte[] nonce = new byte[16];
            new SecureRandom().nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            String request = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String head = readHead(in);
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII)));
            if (!head.startsWith("HTTP/1.1 101") || !head.toLowerCase().contains(accept.toLowerCase())) {
                socket.close();
                throw new IOException("the terminal upgrade was refused: " + head.lines().findFirst().orElse(""));
            }
            return new LeanTerminal(socket, in, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer's head, up to and with the blank line that ends it. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed the connection before the end of an answer's head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private void read(DataInputStream in) {
        ByteArrayOutputStream fragments = new ByteArrayOutputStream();
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long now = System.nanoTime();
                long length = second & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[Math.toIntExact(length)];
                in.readFully(payload);
                int opcode = first & 0x0f;
                boolean fin = (first & 0x80) != 0;
                if (opcode == OPCODE_CLOSE) {
                    return;
                } else if (opcode == OPCODE_PING) {
                    send(OPCODE_PONG, payload);
                } else if (opcode == OPCODE_BINARY || opcode == OPCODE_CONTINUATION) {
                    fragments.write(payload);
                    if (fin) {
                        deliver(fragments.toByteArray(), now);
                        fragments.reset();
                    }
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void deliver(byte[] frame, long nanos) {
        if (frame.length > 0 && frame[0] == 0x00) {
            sink.output(frame, 1, frame.length - 1, nanos);
        }
    }

    private synchronized void send(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xffff) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        frame.writeTo(out);
        out.flush();
    }

    @Override
    public void type(byte[] bytes) {
        try {
            send(OPCODE_BINARY, RemoteTerminal.inputFrame(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void sink(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void close() {
        try {
            send(OPCODE_CLOSE, new byte[] {0x03, (byte) 0xe8}); // 1000: normal closure
            reader.join(2000);
        } catch (IOException e) {
            // already gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
