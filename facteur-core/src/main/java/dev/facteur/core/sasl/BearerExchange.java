package dev.facteur.core.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What OAUTHBEARER and XOAUTH2 share: the client sends one message carrying the token (in the
 * initial response or after an empty challenge). A rejected token gets an error JSON as a
 * challenge; the client's answer to it (a dummy %x01 or nothing) ends the exchange with the
 * failure (RFC 7628 §3.2.3). Any message after the end is malformed.
 */
abstract sealed class BearerExchange implements SaslExchange permits OAuthBearerExchange, XOAuth2Exchange {
    private final String mechanism;
    private final byte[] errorChallenge;
    final BearerCheck check;
    private SaslStep.Failure pending;
    private boolean done;

    BearerExchange(String mechanism, byte[] errorChallenge, BearerCheck check) {
        this.mechanism = mechanism;
        this.errorChallenge = errorChallenge;
        this.check = check;
    }

    /** The outcome of the client's message: a success, or why it failed. */
    abstract SaslStep evaluate(String message);

    @Override
    public final String mechanism() {
        return mechanism;
    }

    @Override
    public final SaslStep start(Optional<byte[]> initialResponse) {
        return initialResponse.map(this::next).orElseGet(() -> new SaslStep.Challenge(new byte[0]));
    }

    @Override
    public final SaslStep next(byte[] response) {
        if (done) {
            return new SaslStep.Failure(SaslStep.Reason.MALFORMED);
        }
        if (pending != null) {
            done = true; // the client's answer to the error challenge
            return pending;
        }
        SaslStep result = evaluate(new String(response, StandardCharsets.UTF_8));
        if (result instanceof SaslStep.Failure f && f.reason() == SaslStep.Reason.INVALID_CREDENTIALS) {
            pending = f;
            return new SaslStep.Challenge(errorChallenge.clone());
        }
        done = true;
        return result;
    }
}
