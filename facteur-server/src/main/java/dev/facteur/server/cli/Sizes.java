package dev.facteur.server.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human sizes for the CLI: parsing {@code 2GiB}/{@code 500MB}/{@code unlimited} and printing. */
final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(|B|KB|KiB|MB|MiB|GB|GiB|TB|TiB)",
            Pattern.CASE_INSENSITIVE);

    private Sizes() {}

    /** Bytes; 0 for {@code unlimited}. */
    static long parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("unlimited") || t.equals("0")) {
            return 0;
        }
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw new UserException("not a size: " + text + " (e.g. 2GiB, 500MB or unlimited)");
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "kb" -> 1000L;
            case "kib" -> 1024L;
            case "mb" -> 1000L * 1000;
            case "mib" -> 1024L * 1024;
            case "gb" -> 1000L * 1000 * 1000;
            case "gib" -> 1024L * 1024 * 1024;
            case "tb" -> 1000L * 1000 * 1000 * 1000;
            case "tib" -> 1024L * 1024 * 1024 * 1024;
            default -> 1L;
        };
        long n = Long.parseLong(m.group(1));
        if (n > Long.MAX_VALUE / unit) {
            throw new UserException("size too large: " + text);
        }
        return n * unit;
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
