package dev.codeplatform.gateway.terminal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;

/** The terminal protocol's frame types (API.md): the first byte says what a binary frame is. */
final class Frames {

    static final byte INPUT = 0x00;
    static final byte RESIZE = 0x01;
    static final byte PAUSE = 0x02;
    static final byte RESUME = 0x03;

    static final byte OUTPUT = 0x00;
    static final byte EVENT = 0x01;

    private Frames() {
    }

    static byte[] output(byte[] buffer, int offset, int length) {
        byte[] frame = new byte[length + 1];
        frame[0] = OUTPUT;
        System.arraycopy(buffer, offset, frame, 1, length);
        return frame;
    }

    static byte[] event(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[body.length + 1];
        frame[0] = EVENT;
        System.arraycopy(body, 0, frame, 1, body.length);
        return frame;
    }

    static byte[] status(String status) {
        return event("{\"type\":\"status\",\"status\":\"" + status + "\"}");
    }

    /** A status that ends the session (failed, stopped), with the reason it ended. */
    static byte[] status(String status, String reason) {
        return event("{\"type\":\"status\",\"status\":\"" + status + "\",\"reason\":" + quoted(reason) + "}");
    }

    static byte[] exit(int code) {
        return event("{\"type\":\"exit\",\"code\":" + code + "}");
    }

    static byte[] error(String message) {
        return message("error", message);
    }

    /** Something the user should know that is not terminal output, e.g. a file the workspace refused. */
    static byte[] notice(String message) {
        return message("notice", message);
    }

    private static byte[] message(String type, String message) {
        return event("{\"type\":\"" + type + "\",\"message\":" + quoted(message) + "}");
    }

    private static String quoted(String text) {
        return text == null ? "null" : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
