package dev.facteur.toolkit.report;

/** Makes text from the network safe to print: control characters replaced, length bounded. */
public final class Printable {

    private Printable() {
    }

    /** At most {@code max} characters, each C0/C1 control or DEL shown as {@code ?}. */
    public static String of(String text, int max) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), max + 1));
        for (int i = 0; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ? '?' : c);
        }
        if (text.length() > max) {
            b.append('…');
        }
        return b.toString();
    }

    public static String of(String text) {
        return of(text, 500);
    }
}
