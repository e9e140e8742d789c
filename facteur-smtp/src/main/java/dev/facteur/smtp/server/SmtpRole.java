package dev.facteur.smtp.server;

/** What a listener is for; decides what is offered and required. */
public enum SmtpRole {
    /** Port 25: mail from other servers; STARTTLS offered, AUTH not; local recipients only. */
    MX,
    /** Port 587 (RFC 6409): STARTTLS required before AUTH and MAIL; AUTH required. */
    SUBMISSION,
    /** Port 465 (RFC 8314 §3.3): implicit TLS; AUTH required. */
    SUBMISSIONS;

    public boolean isSubmission() {
        return this != MX;
    }

    /** The role's name in metric tags. */
    String metricTag() {
        return switch (this) {
            case MX -> "mx";
            case SUBMISSION -> "submission";
            case SUBMISSIONS -> "submissions";
        };
    }
}
