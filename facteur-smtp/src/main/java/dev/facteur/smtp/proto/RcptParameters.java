package dev.facteur.smtp.proto;

import java.util.Optional;

/**
 * RFC 3461 parameters of RCPT TO.
 *
 * @param notifyOn NOTIFY as given (NEVER, or a list of SUCCESS, FAILURE, DELAY), upper-cased
 * @param orcpt ORCPT as given, {@code addr-type;xtext}
 */
public record RcptParameters(Optional<String> notifyOn, Optional<String> orcpt) {
    public static final RcptParameters NONE = new RcptParameters(Optional.empty(), Optional.empty());
}
