package dev.facteur.imap.proto;

import org.jspecify.annotations.Nullable;

/**
 * A command that does not match the grammar. Carries the tag when one was read, so the
 * server can answer {@code tag BAD}; without one it answers {@code * BAD} (RFC 9051 §7.1.5).
 */
public final class SyntaxException extends Exception {

    private final int position;
    private final @Nullable String tag;

    public SyntaxException(int position, String message) {
        this(position, message, null);
    }

    public SyntaxException(int position, String message, @Nullable String tag) {
        super(message, null, false, false);
        this.position = position;
        this.tag = tag;
    }

    public int position() {
        return position;
    }

    public @Nullable String tag() {
        return tag;
    }

    SyntaxException withTag(String t) {
        return new SyntaxException(position, getMessage(), t);
    }
}
