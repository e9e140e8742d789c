package dev.facteur.auth.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** A DNS server given as {@code host:port}, {@code [v6]:port}, or a bare host (port 53). */
public record DnsServerAddress(String host, int port) {

    public DnsServerAddress {
        if (host.isBlank()) {
            throw new IllegalArgumentException("DNS server host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("DNS server port out of range: " + port);
        }
    }

    /** Parses {@code 127.0.0.1:5353}, {@code [::1]:53}, {@code ::1}, or {@code 192.0.2.1}. */
    public static DnsServerAddress parse(String text) {
        String t = text.strip();
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed [ in DNS server: " + t);
            }
            String host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (rest.isEmpty()) {
                return new DnsServerAddress(host, 53);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("expected :port after ] in DNS server: " + t);
            }
            return new DnsServerAddress(host, parsePort(rest.substring(1), t));
        }
        int colon = t.indexOf(':');
        if (colon >= 0 && t.indexOf(':', colon + 1) < 0) {
            return new DnsServerAddress(t.substring(0, colon), parsePort(t.substring(colon + 1), t));
        }
        return new DnsServerAddress(t, 53);
    }

    private static int parsePort(String p, String whole) {
        try {
            return Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in DNS server: " + whole);
        }
    }

    public InetSocketAddress socketAddress() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
