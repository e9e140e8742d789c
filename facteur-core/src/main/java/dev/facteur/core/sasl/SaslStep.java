package dev.facteur.core.sasl;

/** What a SASL exchange says next: a challenge for the client, success, or failure. */
public sealed interface SaslStep {

    /** Send {@code data} to the client (the protocol base64-encodes it) and wait for its answer. */
    record Challenge(byte[] data) implements SaslStep {}

    /** Authenticated as {@code account} (the canonical name the credential lookup returned). */
    record Success(String account) implements SaslStep {}

    /** Failed; the protocol answers with its authentication-failed reply (SMTP 535 5.7.8). */
    record Failure(Reason reason) implements SaslStep {}

    enum Reason {
        /** Wrong or unknown user, password, proof or token. */
        INVALID_CREDENTIALS,
        /** The client's message did not follow the mechanism's syntax. */
        MALFORMED,
        /** The account exists but may not log in. */
        ACCOUNT_DISABLED
    }
}
