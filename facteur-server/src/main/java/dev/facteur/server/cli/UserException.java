package dev.facteur.server.cli;

/** A failure whose message is the one line a person needs (bad input, bad config, conflict). */
public final class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }
}
