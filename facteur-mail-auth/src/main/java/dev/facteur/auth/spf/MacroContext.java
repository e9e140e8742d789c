package dev.facteur.auth.spf;

import java.net.InetAddress;
import java.util.function.Supplier;

/**
 * The values macros expand to (RFC 7208 §7.2): sender, its local part and domain, the current
 * domain, client IP, HELO name, the receiving host and the time; {@code validatedName} computes
 * the "p" macro lazily because it costs DNS queries.
 */
record MacroContext(String sender, String localPart, String senderDomain, String domain, InetAddress ip,
                    String helo, String receiver, long timestamp, Supplier<String> validatedName) {

    MacroContext withDomain(String newDomain) {
        return new MacroContext(sender, localPart, senderDomain, newDomain, ip, helo, receiver, timestamp, validatedName);
    }
}
