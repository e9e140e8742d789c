package dev.facteur.smtp.proto;

/**
 * A command that could not be parsed. {@code reply} is what the client gets (501, 555 …);
 * {@code position} is where parsing stopped, for logs. No stack trace: this is control flow.
 */
public final class SmtpSyntaxException extends Exception {
    private final transient SmtpReply reply;
    private final int position;

    public SmtpSyntaxException(SmtpReply reply, int position) {
        super(reply.toString(), null, false, false);
        this.reply = reply;
        this.position = position;
    }

    public SmtpReply reply() {
        return reply;
    }

    public int position() {
        return position;
    }
}
