package dev.facteur.toolkit.cli;

import dev.facteur.toolkit.verify.BulkRunner;
import java.io.PrintWriter;

/** A one-line progress bar on stderr, redrawn at most every 100 ms. */
final class ProgressBar {

    private static final int WIDTH = 40;
    private final PrintWriter err;
    private long lastDraw;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    synchronized void update(BulkRunner.Progress p) {
        long now = System.nanoTime();
        if (p.done() < p.total() && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        int filled = p.total() == 0 ? WIDTH : (int) ((long) p.done() * WIDTH / p.total());
        err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + p.done() + "/" + p.total()
                + (p.resumed() > 0 ? " (" + p.resumed() + " resumed)" : ""));
        err.flush();
    }

    void finish() {
        err.println();
        err.flush();
    }
}
