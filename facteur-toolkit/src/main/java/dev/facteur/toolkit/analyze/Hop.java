package dev.facteur.toolkit.analyze;

/**
 * One hop of a message's path, from a Received header (RFC 5321 §4.4), numbered from the first
 * (the origin, the bottom-most header) to the last.
 *
 * @param ip the sending address found in the from clause, or empty
 * @param time the hop's date in ISO-8601, or empty if unreadable
 * @param delaySeconds seconds since the previous hop; meaningful only when {@code delayKnown}
 */
public record Hop(int number, String from, String by, String ip, String protocol, String time, long delaySeconds,
        boolean delayKnown) {
}
