package dev.facteur.core.mime;

import org.jspecify.annotations.Nullable;

/**
 * One address of an ENVELOPE address list, as RFC 9051 §7.5.2 structures it. Strings are raw
 * header text (encoded words are not decoded), as IMAP requires.
 *
 * <p>A group is represented as RFC 9051 does: a start marker (mailbox = group name, host
 * null) and an end marker (mailbox and host null).
 *
 * @param name the display name (phrase), or null
 * @param adl the source route, or null
 * @param mailbox the local part, the group name for a group start, null for a group end
 * @param host the domain, or null for group markers
 */
public record Address(@Nullable String name, @Nullable String adl, @Nullable String mailbox,
                      @Nullable String host) {

    public static Address groupStart(String groupName) {
        return new Address(null, null, groupName, null);
    }

    public static Address groupEnd() {
        return new Address(null, null, null, null);
    }

    public boolean isGroupMarker() {
        return host == null;
    }
}
