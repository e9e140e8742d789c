package dev.facteur.pop3.proto;

/**
 * A command line that is not a valid POP3 command. {@code position} is the offset in the
 * line where parsing stopped; {@code unknownCommand} tells an unknown keyword apart from bad
 * arguments of a known one. Carries no stack trace: it is control flow, not a fault.
 */
public final class Pop3SyntaxException extends Exception {
    private final int position;
    private final boolean unknownCommand;

    public Pop3SyntaxException(int position, String message, boolean unknownCommand) {
        super(message, null, false, false);
        this.position = position;
        this.unknownCommand = unknownCommand;
    }

    public int position() {
        return position;
    }

    public boolean unknownCommand() {
        return unknownCommand;
    }
}
