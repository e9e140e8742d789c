package dev.facteur.store;

/**
 * Storing the message would take the account over its quota (IMAP {@code [OVERQUOTA]},
 * RFC 9208 §4.3; SMTP 552 5.2.2, RFC 3463). Nothing was written.
 */
public class QuotaExceededException extends ConflictException {
    public QuotaExceededException(String message) {
        super(message);
    }
}
