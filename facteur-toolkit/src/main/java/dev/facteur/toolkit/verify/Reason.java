package dev.facteur.toolkit.verify;

/** Why a verdict was given; each reason belongs to exactly one verdict. */
public enum Reason {
    MAILBOX_EXISTS(Verdict.DELIVERABLE),
    INVALID_SYNTAX(Verdict.UNDELIVERABLE),
    DOMAIN_NOT_FOUND(Verdict.UNDELIVERABLE),
    NULL_MX(Verdict.UNDELIVERABLE),
    NO_MAIL_HOST(Verdict.UNDELIVERABLE),
    MAILBOX_NOT_FOUND(Verdict.UNDELIVERABLE),
    MAILBOX_DISABLED(Verdict.UNDELIVERABLE),
    SMTPUTF8_UNSUPPORTED(Verdict.UNDELIVERABLE),
    CATCH_ALL(Verdict.RISKY),
    MAILBOX_FULL(Verdict.RISKY),
    DISPOSABLE(Verdict.RISKY),
    ROLE_ACCOUNT(Verdict.RISKY),
    DNS_TEMPORARY_FAILURE(Verdict.UNKNOWN),
    TIMEOUT(Verdict.UNKNOWN),
    CONNECTION_FAILED(Verdict.UNKNOWN),
    CALLOUT_REFUSED(Verdict.UNKNOWN),
    TEMPORARY_FAILURE(Verdict.UNKNOWN),
    PROTOCOL_ERROR(Verdict.UNKNOWN);

    private final Verdict verdict;

    Reason(Verdict verdict) {
        this.verdict = verdict;
    }

    public Verdict verdict() {
        return verdict;
    }
}
