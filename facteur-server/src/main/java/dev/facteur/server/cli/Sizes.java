package dev.facteur.server.cli;

import java.util.Locale;
import dev.facteur.core.config.ByteSizes;

/** Human sizes for the CLI: parsing {@code 2GiB}/{@code 500MB}/{@code unlimited} and printing. */
final class Sizes {
    private Sizes() {}

    /** Bytes; 0 for {@code unlimited}. */
    static long parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("unlimited") || t.equals("0")) {
            return 0;
        }
        return ByteSizes.parse(t).orElseThrow(
                () -> new UserException("not a size: " + text + " (e.g. 2GiB, 500MB or unlimited)"));
    }

    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
