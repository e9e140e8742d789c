package dev.facteur.toolkit.verify;

import dev.facteur.smtp.client.SmtpReply;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What one RCPT reply says about a mailbox (RFC 5321 §4.2.2, RFC 3463 §3). */
enum RcptOutcome {
    ACCEPTED,
    NOT_FOUND,
    DISABLED,
    FULL,
    REFUSED,
    TOO_MANY,
    TEMPORARY;

    private static final Pattern DELAY = Pattern.compile(
            "(\\d{1,5})\\s*(seconds?|secs?|s|minutes?|mins?|m)\\b", Pattern.CASE_INSENSITIVE);

    static RcptOutcome of(SmtpReply r) {
        String sd = r.status().map(st -> st.subject() + "." + st.detail()).orElse("");
        if (r.isPositive()) {
            // RFC 5321 §3.5.3: 252 only says the server will try; it does not confirm the mailbox.
            return r.code() == 252 ? REFUSED : ACCEPTED;
        }
        // RFC 5321 §4.5.3.1.10 and RFC 3463 §3.6 (X.5.3): too many recipients.
        if (r.code() == 452 && (sd.isEmpty() || sd.equals("5.3")) || sd.equals("5.3") && r.isPermanent()) {
            return TOO_MANY;
        }
        // RFC 3463 §3.3: X.2.2 mailbox full.
        if (sd.equals("2.2") || r.code() == 552 && sd.isEmpty()) {
            return FULL;
        }
        if (r.isTransient()) {
            return TEMPORARY;
        }
        // RFC 3463 §3.3: X.2.1 mailbox disabled, not accepting messages.
        if (sd.equals("2.1")) {
            return DISABLED;
        }
        // RFC 3463 §3.2: X.1.1 bad destination mailbox, X.1.0 other address status, X.1.6 moved, X.1.10 null MX.
        if (sd.startsWith("1.")) {
            return NOT_FOUND;
        }
        if (sd.isEmpty()) {
            // RFC 5321 §4.2.2: 550 mailbox unavailable, 551 user not local, 553 mailbox name not allowed.
            return r.code() == 550 || r.code() == 551 || r.code() == 553 ? NOT_FOUND : REFUSED;
        }
        // X.7.x security or policy, X.3.x system, X.5.x protocol: the server refuses to answer us.
        return REFUSED;
    }

    /** The retry delay a greylisting server states in its text ("try again in 300 seconds"), if any. */
    static Optional<Duration> statedDelay(SmtpReply r) {
        Matcher m = DELAY.matcher(r.text());
        if (!m.find()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(m.group(2).toLowerCase(java.util.Locale.ROOT).startsWith("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n));
    }
}
