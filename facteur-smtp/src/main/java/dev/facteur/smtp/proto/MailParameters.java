package dev.facteur.smtp.proto;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ESMTP parameters of MAIL FROM that Facteur supports.
 *
 * @param size RFC 1870 SIZE, the client's estimate
 * @param body RFC 6152 BODY (7BIT or 8BITMIME)
 * @param smtpUtf8 RFC 6531 §3.4 SMTPUTF8
 * @param ret RFC 3461 §4.3 RET (FULL or HDRS)
 * @param envId RFC 3461 §4.4 ENVID, as xtext
 * @param requireTls RFC 8689 §4.1 REQUIRETLS
 * @param auth RFC 4954 §5 AUTH=, as given (kept for logs only)
 */
public record MailParameters(OptionalLong size, Body body, boolean smtpUtf8, Optional<String> ret,
                             Optional<String> envId, boolean requireTls, Optional<String> auth) {

    public enum Body { SEVEN_BIT, EIGHT_BIT_MIME }

    public static final MailParameters NONE = new MailParameters(OptionalLong.empty(), Body.SEVEN_BIT, false,
            Optional.empty(), Optional.empty(), false, Optional.empty());
}
