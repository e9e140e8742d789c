package dev.facteur.store;

import java.util.Optional;

/**
 * One recipient of a queued message.
 *
 * @param notifyOn RFC 3461 NOTIFY value as given (e.g. {@code SUCCESS,DELAY}), if any
 * @param orcpt RFC 3461 ORCPT as given ({@code rfc822;addr}), if any
 */
public record OutboundRecipient(String address, Optional<String> notifyOn, Optional<String> orcpt) {}
