package dev.facteur.toolkit.verify;

import java.io.IOException;

/** A server broke the SMTP grammar or a limit (line length, reply lines, total time). */
public final class SmtpProtocolException extends IOException {

    public SmtpProtocolException(String message) {
        super(message, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
