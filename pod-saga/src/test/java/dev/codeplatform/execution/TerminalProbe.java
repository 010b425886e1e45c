package dev.codeplatform.execution;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a terminal like a user: types lines and waits for what the shell prints. {@link #run} appends a marker
 * command ({@code printf '%s%s:%s\n' __done_ N "$?"}) whose output ({@code __done_N:status}) never appears in the typed
 * echo, so the probe knows when a command finished and with which status, without timing guesses.
 */
public final class TerminalProbe implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]|\u001B[()][A-Z0-9]|\u001B[=>]");

    private final Terminal terminal;
    private final StringBuilder output = new StringBuilder();
    private int commands;

    public record Run(String output, int status) {

        /**
         * The output's lines, without escape sequences and carriage returns, trimmed, and without the echo of the typed
         * command line (recognised by its marker command).
         */
        public List<String> lines() {
            return Arrays.stream(ANSI.matcher(output).replaceAll("").split("\n"))
                    .map(line -> line.replace("\r", "").trim())
                    .filter(line -> !line.contains(" __done_ "))
                    .toList();
        }
    }

    public TerminalProbe(Terminal terminal) {
        this.terminal = terminal;
        terminal.start((buffer, length) -> {
            synchronized (output) {
                output.append(new String(buffer, 0, length, StandardCharsets.ISO_8859_1));
                output.notifyAll();
            }
            return true;
        });
        run("bind 'set enable-bracketed-paste off' 2>/dev/null; PS1='$ '");
    }

    public Terminal terminal() {
        return terminal;
    }

    public void type(String text) {
        try {
            terminal.input().write(text.getBytes(StandardCharsets.UTF_8));
            terminal.input().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Types a command line and waits for it to finish; returns what was printed meanwhile and its exit status. */
    public Run run(String command) {
        return run(command, TIMEOUT);
    }

    /** {@link #run(String)} with a longer wait, for commands that run into a limit (slow on a loaded machine). */
    public Run run(String command, Duration timeout) {
        int number = ++commands;
        int from = length();
        type(command + "; printf '%s%s:%s\\n' __done_ " + number + " \"$?\"\n");
        Matcher done = await(Pattern.compile("__done_" + number + ":(\\d+)"), from, timeout);
        String text;
        synchronized (output) {
            text = output.substring(from, done.start() + from);
        }
        return new Run(text, Integer.parseInt(done.group(1)));
    }

    /** Waits until the output printed after position {@code from} matches; fails the test after the timeout. */
    public Matcher await(Pattern pattern, int from, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (true) {
                Matcher matcher = pattern.matcher(output.substring(from));
                if (matcher.find()) {
                    return matcher;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    String all = output.substring(from);
                    fail("no " + pattern + " in the terminal output within " + timeout.toSeconds() + " s; output:\n"
                            + all.substring(Math.max(0, all.length() - 2000)));
                }
                try {
                    output.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    public int length() {
        synchronized (output) {
            return output.length();
        }
    }

    @Override
    public void close() {
        terminal.close();
    }
}
