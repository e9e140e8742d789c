package dev.facteur.pop3.proto;

/** Extended response codes, sent in brackets after {@code -ERR} (RFC 2449 §8). */
public enum ResponseCode {
    /** RFC 2449 §8.1.2: the maildrop is locked by another session. */
    IN_USE("IN-USE"),
    /** RFC 2449 §8.1.1: the user logged in too recently (LOGIN-DELAY). */
    LOGIN_DELAY("LOGIN-DELAY"),
    /** RFC 3206 §4: a temporary system problem; trying later may succeed. */
    SYS_TEMP("SYS/TEMP"),
    /** RFC 3206 §4: a permanent system problem; retrying will not help. */
    SYS_PERM("SYS/PERM"),
    /** RFC 3206 §5: the credentials were refused (or may not be sent here). */
    AUTH("AUTH");

    private final String wire;

    ResponseCode(String wire) {
        this.wire = wire;
    }

    /** The code as it appears on the wire, without brackets. */
    public String wire() {
        return wire;
    }
}
