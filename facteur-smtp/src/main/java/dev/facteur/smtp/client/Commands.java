package dev.facteur.smtp.client;

import java.nio.charset.StandardCharsets;

/** Checks on what the client writes, so that no caller can inject a command through an argument. */
final class Commands {

    private Commands() {
    }

    /** RFC 5321 §4.5.3.1.3: a path is at most 256 octets; no CR, LF or angle brackets inside. */
    static void checkPath(String path) {
        if (path.getBytes(StandardCharsets.UTF_8).length > 254) {
            throw new IllegalArgumentException("path longer than RFC 5321 allows");
        }
        checkText(path, "path");
        if (path.indexOf('<') >= 0 || path.indexOf('>') >= 0 || path.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("path contains <, > or space");
        }
    }

    /** An ESMTP parameter is {@code keyword[=value]} without spaces (RFC 5321 §4.1.2 esmtp-param). */
    static void checkParameter(String parameter) {
        checkText(parameter, "parameter");
        if (parameter.isEmpty() || parameter.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("malformed ESMTP parameter");
        }
    }

    /** A command argument such as an EHLO name. */
    static void checkText(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException(what + " contains CR, LF or NUL");
            }
        }
    }
}
