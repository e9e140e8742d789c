package dev.facteur.auth.dmarc;

/**
 * What Facteur does with a message after DMARC (RFC 9989 §5.3 leaves it to the receiver): deliver,
 * deliver to the Junk mailbox (quarantine), or refuse at the end of DATA with 550 5.7.1.
 */
public enum Disposition {
    DELIVER, QUARANTINE, REJECT;

    /** The SMTP reply code and enhanced status for a rejection (RFC 5321 §4.2.2, RFC 3463 §3.8 X.7.1). */
    public static final String REJECT_REPLY = "550 5.7.1 Message rejected by the sender domain's DMARC policy";

    /** The keyword used in aggregate reports (RFC 9990: none, quarantine, reject). */
    public String reportKeyword() {
        return switch (this) {
            case DELIVER -> "none";
            case QUARANTINE -> "quarantine";
            case REJECT -> "reject";
        };
    }
}
