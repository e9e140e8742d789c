package dev.facteur.auth.spf;

/** A record or macro that does not follow RFC 7208 §12; evaluation turns it into permerror. */
final class SpfSyntaxException extends Exception {

    SpfSyntaxException(String message) {
        super(message, null, false, false);
    }
}
