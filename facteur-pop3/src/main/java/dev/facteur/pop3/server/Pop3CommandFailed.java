package dev.facteur.pop3.server;

import dev.facteur.pop3.proto.Pop3Response;

/** A command that fails with a specific {@code -ERR} reply; control flow, so no stack trace. */
final class Pop3CommandFailed extends Exception {
    private final Pop3Response.Status reply;

    Pop3CommandFailed(Pop3Response.Status reply) {
        super(reply.text(), null, false, false);
        this.reply = reply;
    }

    Pop3Response.Status reply() {
        return reply;
    }
}
