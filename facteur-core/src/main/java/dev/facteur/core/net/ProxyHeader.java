package dev.facteur.core.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The HAProxy PROXY protocol header (haproxy.org proxy-protocol.txt, versions 1 and 2): the
 * client's real address as seen by a load balancer. Read octet by octet from the raw socket so
 * nothing after the header is consumed.
 *
 * @param source the original client, or empty for {@code UNKNOWN} / {@code LOCAL} (health checks)
 */
public record ProxyHeader(Optional<InetSocketAddress> source) {

    /** Spec §2.1: a v1 line is at most 107 octets including CRLF. */
    static final int V1_MAX = 107;
    /** Spec §2.2: the 12-octet v2 signature. */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    /** We accept at most this much v2 address data and TLVs. */
    static final int V2_MAX_LENGTH = 2048;

    /** Thrown for a missing or malformed header; the connection is dropped without a reply. */
    public static final class MalformedException extends IOException {
        public MalformedException(String message) {
            super(message);
        }
    }

    public static ProxyHeader read(InputStream in) throws IOException {
        int first = in.read();
        if (first == 'P') {
            return readV1(in);
        }
        if (first == 0x0D) {
            return readV2(in);
        }
        throw new MalformedException("no PROXY header");
    }

    private static ProxyHeader readV1(InputStream in) throws IOException {
        byte[] line = new byte[V1_MAX];
        line[0] = 'P';
        int n = 1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("end of stream in PROXY header");
            }
            if (n >= V1_MAX) {
                throw new MalformedException("PROXY v1 line too long");
            }
            line[n++] = (byte) b;
            if (b == '\n') {
                break;
            }
        }
        if (n < 2 || line[n - 2] != '\r') {
            throw new MalformedException("PROXY v1 line not CRLF-terminated");
        }
        String text = new String(line, 0, n - 2, StandardCharsets.US_ASCII);
        String[] f = text.split(" ", -1);
        if (!f[0].equals("PROXY") || f.length < 2) {
            throw new MalformedException("bad PROXY v1 line");
        }
        if (f[1].equals("UNKNOWN")) {
            return new ProxyHeader(Optional.empty());
        }
        if (f.length != 6 || !(f[1].equals("TCP4") || f[1].equals("TCP6"))) {
            throw new MalformedException("bad PROXY v1 line");
        }
        InetAddress src = literal(f[2], f[1].equals("TCP4") ? 4 : 16);
        literal(f[3], f[1].equals("TCP4") ? 4 : 16);
        int port = port(f[4]);
        port(f[5]);
        return new ProxyHeader(Optional.of(new InetSocketAddress(src, port)));
    }

    private static ProxyHeader readV2(InputStream in) throws IOException {
        byte[] head = new byte[16];
        head[0] = 0x0D;
        readFully(in, head, 1, 15);
        if (!Arrays.equals(head, 0, 12, V2_SIGNATURE, 0, 12)) {
            throw new MalformedException("bad PROXY v2 signature");
        }
        int verCmd = head[12] & 0xFF;
        int famProto = head[13] & 0xFF;
        int length = ((head[14] & 0xFF) << 8) | (head[15] & 0xFF);
        if ((verCmd >> 4) != 2 || length > V2_MAX_LENGTH) {
            throw new MalformedException("bad PROXY v2 version or length");
        }
        byte[] body = new byte[length];
        readFully(in, body, 0, length);
        int command = verCmd & 0x0F;
        if (command == 0) {
            return new ProxyHeader(Optional.empty()); // LOCAL: the proxy's own connection
        }
        if (command != 1) {
            throw new MalformedException("bad PROXY v2 command");
        }
        int family = famProto >> 4;
        int size = switch (family) {
            case 1 -> 4;
            case 2 -> 16;
            default -> 0; // AF_UNSPEC or AF_UNIX: no usable address
        };
        if (size == 0) {
            return new ProxyHeader(Optional.empty());
        }
        if (length < 2 * size + 4) {
            throw new MalformedException("PROXY v2 address block too short");
        }
        InetAddress src = InetAddress.getByAddress(Arrays.copyOfRange(body, 0, size));
        int port = ((body[2 * size] & 0xFF) << 8) | (body[2 * size + 1] & 0xFF);
        return new ProxyHeader(Optional.of(new InetSocketAddress(src, port)));
    }

    private static InetAddress literal(String text, int octets) throws MalformedException {
        if (text.isEmpty() || text.length() > 45 || !text.matches("[0-9a-fA-F:.]+")) {
            throw new MalformedException("bad address in PROXY header");
        }
        try {
            // Only literals reach here (checked above), so no DNS lookup happens.
            InetAddress a = InetAddress.getByName(text);
            if (a.getAddress().length != octets) {
                throw new MalformedException("address family mismatch in PROXY header");
            }
            return a;
        } catch (UnknownHostException e) {
            throw new MalformedException("bad address in PROXY header");
        }
    }

    private static int port(String text) throws MalformedException {
        if (!text.matches("[0-9]{1,5}")) {
            throw new MalformedException("bad port in PROXY header");
        }
        int p = Integer.parseInt(text);
        if (p > 65535) {
            throw new MalformedException("bad port in PROXY header");
        }
        return p;
    }

    private static void readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int n = in.readNBytes(b, off, len);
        if (n < len) {
            throw new EOFException("end of stream in PROXY header");
        }
    }
}
