package dev.codeplatform.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table of results: what, measured, the same run's baseline, target, verdict, machine load. */
final class Table {

    record Row(String metric, String measured, String baseline, String comparison, String target, String verdict,
               String load) {
    }

    private final String title;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Table(String title) {
        this.title = title;
    }

    void row(String metric, String measured, String baseline, String comparison, String target, Boolean met,
             MachineLoad.Load load) {
        rows.add(new Row(metric, measured, blank(baseline), blank(comparison), blank(target),
                met == null ? "" : met ? "met" : "**missed**", load == null ? "" : load.toString()));
        print(rows.get(rows.size() - 1));
    }

    void note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }

    private void print(Row row) {
        System.out.printf("  [%s] %s: %s | baseline %s | %s | target %s %s | %s%n", title, row.metric(),
                row.measured(), row.baseline(), row.comparison(), row.target(), row.verdict(), row.load());
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(title).append("\n\n");
        out.append("| metric | measured | baseline (same run) | vs baseline | target | verdict | machine load "
                + "(cores: server JVM · its DB+sandboxes · driver · other) |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.metric()).append(" | ").append(row.measured()).append(" | ")
                    .append(row.baseline()).append(" | ").append(row.comparison()).append(" | ").append(row.target())
                    .append(" | ").append(row.verdict()).append(" | ").append(row.load()).append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
        }
        return out.toString();
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        return millis < 10 ? String.format("%.2f ms", millis) : String.format("%.1f ms", millis);
    }

    static String p50p99(Stats stats) {
        return "p50 " + ms(stats.p50Millis()) + " / p99 " + ms(stats.p99Millis());
    }
}
