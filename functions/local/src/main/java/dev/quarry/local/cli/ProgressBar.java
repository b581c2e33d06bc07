package dev.quarry.local.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on a terminal ({@code [#####     ] 1234/5183 documents, 12.3/s, ETA 45 s}); where
 * output is not a terminal, one line at every tenth of the work, so logs stay short.
 */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String unit;
    private final int total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private int lastTenth = -1;

    ProgressBar(PrintStream out, String unit, int total) {
        this(out, unit, total, System.console() != null);
    }

    ProgressBar(PrintStream out, String unit, int total, boolean terminal) {
        this.out = out;
        this.unit = unit;
        this.total = total;
        this.terminal = terminal;
    }

    synchronized void update(int done) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 && done < total ? String.format(", ETA %.0f s", (total - done) / rate) : "";
        if (terminal) {
            int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
            out.printf(
                    "\r[%s%s] %d/%d %s, %.1f/s%s   ",
                    "#".repeat(filled), " ".repeat(WIDTH - filled), done, total, unit, rate, eta);
            return;
        }
        int tenth = total == 0 ? 10 : (int) ((long) done * 10 / total);
        if (tenth != lastTenth) {
            lastTenth = tenth;
            out.printf("%d/%d %s, %.1f/s%s%n", done, total, unit, rate, eta);
        }
    }

    void finish() {
        if (terminal) {
            out.println();
        }
    }
}
