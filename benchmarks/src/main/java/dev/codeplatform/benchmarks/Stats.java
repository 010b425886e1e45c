package dev.codeplatform.benchmarks;

import java.util.Arrays;

/** Samples (nanoseconds or any long), growing; percentiles by nearest rank over the sorted samples. */
final class Stats {

    private long[] values = new long[1024];
    private int size;

    synchronized void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    synchronized void addAll(Stats other) {
        long[] theirs;
        int count;
        synchronized (other) {
            theirs = other.values;
            count = other.size;
        }
        for (int i = 0; i < count; i++) {
            add(theirs[i]);
        }
    }

    synchronized int count() {
        return size;
    }

    /** Nearest-rank percentile, {@code p} in [0, 100]; NaN when empty. */
    synchronized double percentile(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    synchronized double mean() {
        if (size == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += values[i];
        }
        return sum / size;
    }

    double p50Millis() {
        return percentile(50) / 1e6;
    }

    double p99Millis() {
        return percentile(99) / 1e6;
    }

    double maxMillis() {
        return percentile(100) / 1e6;
    }
}
