package dev.facteur.toolkit.verify;

/** The answer to "can mail reach this address?". */
public enum Verdict {
    /** A mail host accepted the address, and nothing makes the acceptance doubtful. */
    DELIVERABLE,
    /** The address cannot receive mail: bad syntax, no domain, null MX, or the host refused it. */
    UNDELIVERABLE,
    /** Mail would probably be accepted but may not reach a person (catch-all, full, disposable, role). */
    RISKY,
    /** No decision could be made (timeouts, refused connections or callouts, persistent 4xx). */
    UNKNOWN;

    /** True for a decided verdict (counts toward coverage). */
    public boolean decided() {
        return this != UNKNOWN;
    }
}
