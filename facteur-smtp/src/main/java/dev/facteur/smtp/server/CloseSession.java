package dev.facteur.smtp.server;

/** Ends the session after the reply already written (421, QUIT). Control flow, no stack trace. */
final class CloseSession extends Exception {
    CloseSession() {
        super("close", null, false, false);
    }
}
