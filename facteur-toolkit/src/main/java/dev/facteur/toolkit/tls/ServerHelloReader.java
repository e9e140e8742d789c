package dev.facteur.toolkit.tls;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HexFormat;

/** Reads the server's first flight up to the ServerHello (or an Alert) and says what it chose. */
final class ServerHelloReader {

    /** What the server answered to one ClientHello. */
    sealed interface Outcome {
        /** A ServerHello (or HelloRetryRequest) choosing {@code versionCode} and {@code suiteCode}. */
        record Chosen(int versionCode, int suiteCode, boolean retryRequest) implements Outcome {
        }

        /** An Alert or a closed connection: nothing offered was acceptable. */
        record Refused(String why) implements Outcome {
        }

        /** Not TLS, or TLS that breaks the protocol. */
        record Broken(String why) implements Outcome {
        }
    }

    /** RFC 8446 §5.1: a TLSPlaintext fragment is at most 2^14 octets; allow the 2048 of ciphertext expansion. */
    static final int MAX_RECORD = 16384 + 2048;
    /** A ServerHello is a few hundred octets; anything near this is hostile. */
    static final int MAX_HELLO = 65536;
    /** RFC 8446 §4.1.3: the random of a HelloRetryRequest, SHA-256("HelloRetryRequest"). */
    private static final byte[] HRR_RANDOM = HexFormat.of().parseHex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

    /** A deadline-aware source of octets. */
    @FunctionalInterface
    interface Source {
        byte[] readExactly(int n) throws IOException;
    }

    private ServerHelloReader() {
    }

    static Source of(InputStream in) {
        return n -> {
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new EOFException("connection closed after " + b.length + " of " + n + " octets");
            }
            return b;
        };
    }

    /** Reads records until the ServerHello message is complete; a timeout is rethrown for the caller to bound. */
    static Outcome read(Source in) throws SocketTimeoutException {
        try {
            ByteArrayOutputStream handshake = new ByteArrayOutputStream(512);
            while (true) {
                byte[] header = in.readExactly(5);
                int type = header[0] & 0xff;
                int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                if ((header[1] & 0xff) != 3 || length > MAX_RECORD || (type != 21 && type != 22)) {
                    return new Outcome.Broken("not a TLS record (" + HexFormat.of().formatHex(header) + ")");
                }
                byte[] fragment = in.readExactly(length);
                if (type == 21) {
                    // RFC 8446 §6: level, description.
                    return new Outcome.Refused(fragment.length >= 2 ? "alert " + alertName(fragment[1] & 0xff) : "empty alert");
                }
                handshake.writeBytes(fragment);
                byte[] h = handshake.toByteArray();
                if (h.length >= 4) {
                    int msgLength = ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
                    if ((h[0] & 0xff) != 2) {
                        return new Outcome.Broken("first handshake message is not a ServerHello (type " + (h[0] & 0xff) + ")");
                    }
                    if (msgLength > MAX_HELLO) {
                        return new Outcome.Broken("ServerHello longer than " + MAX_HELLO + " octets");
                    }
                    if (h.length >= 4 + msgLength) {
                        return serverHello(Arrays.copyOfRange(h, 4, 4 + msgLength));
                    }
                }
                if (handshake.size() > MAX_HELLO) {
                    return new Outcome.Broken("ServerHello longer than " + MAX_HELLO + " octets");
                }
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return new Outcome.Refused("connection closed");
        }
    }

    /** RFC 8446 §4.1.3 / RFC 5246 §7.4.1.3: version, random, session id, suite, compression, extensions. */
    private static Outcome serverHello(byte[] m) {
        try {
            int p = 0;
            int version = u16(m, p);
            p += 2;
            boolean retry = Arrays.equals(Arrays.copyOfRange(m, p, p + 32), HRR_RANDOM);
            p += 32;
            p += 1 + (m[p] & 0xff);
            int suite = u16(m, p);
            p += 3;
            if (p + 2 <= m.length) {
                int end = Math.min(m.length, p + 2 + u16(m, p));
                p += 2;
                while (p + 4 <= end) {
                    int type = u16(m, p);
                    int len = u16(m, p + 2);
                    // RFC 8446 §4.2.1: supported_versions in a ServerHello carries the selected version.
                    if (type == 0x002b && len == 2) {
                        version = u16(m, p + 4);
                    }
                    p += 4 + len;
                }
            }
            return new Outcome.Chosen(version, suite, retry);
        } catch (ArrayIndexOutOfBoundsException e) {
            return new Outcome.Broken("truncated ServerHello");
        }
    }

    private static int u16(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    /** RFC 8446 §6 AlertDescription names for the alerts a refusing server sends. */
    static String alertName(int code) {
        return switch (code) {
            case 40 -> "handshake_failure";
            case 47 -> "illegal_parameter";
            case 50 -> "decode_error";
            case 70 -> "protocol_version";
            case 71 -> "insufficient_security";
            case 80 -> "internal_error";
            case 86 -> "inappropriate_fallback";
            case 109 -> "missing_extension";
            case 112 -> "unrecognized_name";
            default -> String.valueOf(code);
        };
    }
}
