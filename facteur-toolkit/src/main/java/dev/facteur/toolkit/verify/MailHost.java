package dev.facteur.toolkit.verify;

import java.net.InetAddress;
import java.util.List;

/** A host that receives mail for a domain: its name, MX preference and resolved addresses. */
public record MailHost(String name, int preference, List<InetAddress> addresses) {
    public MailHost {
        addresses = List.copyOf(addresses);
    }
}
