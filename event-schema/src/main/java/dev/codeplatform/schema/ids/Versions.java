package dev.codeplatform.schema.ids;

/**
 * An aggregate's version counts the events it has: the event with sequence number n (the first is 0) brings it to
 * version n + 1. Writes answer it, reads wait for it, review pins it.
 */
public final class Versions {

    private Versions() {
    }

    public static long afterSequence(long sequenceNumber) {
        return sequenceNumber + 1;
    }
}
