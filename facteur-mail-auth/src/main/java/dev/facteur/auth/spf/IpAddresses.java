package dev.facteur.auth.spf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP literal parsing without DNS, and CIDR matching (RFC 7208 §5.6). */
final class IpAddresses {

    private IpAddresses() {
    }

    /** Parses a literal already checked to be IPv4 dotted-quad or IPv6 text; never resolves names. */
    static InetAddress parse(String literal) {
        if (!literal.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP literal");
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal", e);
        }
    }

    /** 16 bytes of an IPv6 literal (RFC 4291 §2.2 text forms), or null if it is not one. */
    static byte[] parseIpv6(String text) {
        if (!text.contains(":") || !text.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            byte[] b = a.getAddress();
            if (b.length == 16) {
                return b;
            }
            // ::ffff:a.b.c.d comes back as IPv4; keep the mapped form.
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(b, 0, mapped, 12, 4);
            return mapped;
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    /** True if the first {@code prefix} bits of address and network are equal and the lengths agree. */
    static boolean inNetwork(byte[] address, byte[] network, int prefix) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int bits = prefix % 8;
        if (bits == 0) {
            return true;
        }
        int mask = (0xff << (8 - bits)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    static boolean isV4(InetAddress a) {
        return a instanceof Inet4Address;
    }
}
