package dev.facteur.core.sasl;

/** The outcome of checking a bearer token: the account it names, or why it was refused. */
public sealed interface TokenVerdict {
    record Valid(String account) implements TokenVerdict {}

    /** {@code reason} is for logs only; clients get the RFC 7628 §3.2.2 error JSON. */
    record Invalid(String reason) implements TokenVerdict {}
}
