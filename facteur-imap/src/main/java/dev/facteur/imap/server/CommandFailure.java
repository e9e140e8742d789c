package dev.facteur.imap.server;

import dev.facteur.imap.proto.ImapResponse;
import java.util.Optional;

/**
 * A command that cannot complete: answered {@code tag NO} or {@code tag BAD} with a response
 * code and text chosen by the server (never an exception's message).
 */
final class CommandFailure extends Exception {

    private final ImapResponse.Status status;
    private final Optional<String> code;

    private CommandFailure(ImapResponse.Status status, Optional<String> code, String text) {
        super(text, null, false, false);
        this.status = status;
        this.code = code;
    }

    static CommandFailure no(String text) {
        return new CommandFailure(ImapResponse.Status.NO, Optional.empty(), text);
    }

    static CommandFailure no(String code, String text) {
        return new CommandFailure(ImapResponse.Status.NO, Optional.of(code), text);
    }

    static CommandFailure bad(String text) {
        return new CommandFailure(ImapResponse.Status.BAD, Optional.empty(), text);
    }

    ImapResponse response(String tag) {
        return new ImapResponse.Tagged(tag, status, code, getMessage());
    }
}
