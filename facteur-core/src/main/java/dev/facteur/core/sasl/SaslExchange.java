package dev.facteur.core.sasl;

import java.util.Optional;

/**
 * One authentication attempt with one mechanism. The protocol calls {@link #start} with the
 * initial response if the client sent one (SASL-IR, RFC 4954 §4), then {@link #next} with each
 * decoded client response until it gets {@link SaslStep.Success} or {@link SaslStep.Failure}.
 * Cancellation ({@code *}) is the protocol's business: it simply drops the exchange.
 */
public interface SaslExchange {

    /** The mechanism's registered name. */
    String mechanism();

    SaslStep start(Optional<byte[]> initialResponse);

    SaslStep next(byte[] response);
}
