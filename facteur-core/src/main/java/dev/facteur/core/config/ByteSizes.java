package dev.facteur.core.config;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people write them: {@code 1048576}, {@code 25MB}, {@code 50MiB}, {@code 2 GiB}, {@code 1TB}. */
public final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(|B|KB|KiB|MB|MiB|GB|GiB|TB|TiB)",
            Pattern.CASE_INSENSITIVE);

    private ByteSizes() {}

    /** The size in bytes, or empty if {@code text} is not a size or does not fit in a long. */
    public static OptionalLong parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return OptionalLong.empty();
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
        return n > Long.MAX_VALUE / unit ? OptionalLong.empty() : OptionalLong.of(n * unit);
    }
}
