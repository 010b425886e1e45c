package dev.codeplatform.execution;

/**
 * Receives terminal output on a backend thread. The buffer is reused after the call returns: copy what you keep.
 * Return {@code false} to stop reading (flow control) until {@link Terminal#resume()}.
 */
@FunctionalInterface
public interface OutputSink {

    boolean accept(byte[] buffer, int length);
}
