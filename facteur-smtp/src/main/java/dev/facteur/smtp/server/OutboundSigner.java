package dev.facteur.smtp.server;

import java.io.IOException;

/**
 * The hook before a submitted message is queued for remote delivery: DKIM signing goes here
 * (after the last header change, ARCHITECTURE.md). Returns the message to queue, usually with a
 * DKIM-Signature field prepended.
 */
@FunctionalInterface
public interface OutboundSigner {
    OutboundSigner NONE = (session, envelope, message) -> message;

    byte[] sign(SessionInfo session, Envelope envelope, byte[] message) throws IOException;
}
