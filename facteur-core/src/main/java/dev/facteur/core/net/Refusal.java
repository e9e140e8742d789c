package dev.facteur.core.net;

/** Why a listener turns a connection away before the protocol session starts. */
public enum Refusal {
    /** Too many connections at once from this client address. */
    TOO_MANY_FROM_ADDRESS
}
