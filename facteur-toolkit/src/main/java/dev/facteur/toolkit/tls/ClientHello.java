package dev.facteur.toolkit.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.List;

/**
 * Builds one ClientHello record offering exactly one protocol version and the given suites
 * (RFC 5246 §7.4.1.2, RFC 8446 §4.1.2). The scanner never completes a handshake: it only reads
 * what the server chooses, so the hello needs no state beyond what is on the wire.
 */
final class ClientHello {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** RFC 8446 §4.2.7 / RFC 8422 §5.1.1: x25519, secp256r1, secp384r1, secp521r1, x448, ffdhe2048, ffdhe3072. */
    private static final int[] GROUPS = {0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101};
    /** RFC 8446 §4.2.3: ECDSA, EdDSA, RSA-PSS, RSA PKCS#1 (SHA-2, then SHA-1 for old servers). */
    private static final int[] SIGNATURES = {0x0403, 0x0503, 0x0603, 0x0807, 0x0804, 0x0805, 0x0806, 0x0809,
        0x0401, 0x0501, 0x0601, 0x0203, 0x0201};

    private ClientHello() {
    }

    /** The whole record (header and handshake message) for {@code version}, {@code suites} and the SNI name (empty: none). */
    static byte[] record(TlsVersion version, List<CipherSuite> suites, String serverName) {
        boolean tls13 = version == TlsVersion.TLS_1_3;
        Writer body = new Writer();
        // RFC 8446 §4.1.2: TLS 1.3 sends legacy_version 1.2 and the real version in supported_versions.
        body.u16(tls13 ? TlsVersion.TLS_1_2.code() : version.code());
        body.bytes(random(32));
        // RFC 8446 §D.4: a 32-octet legacy_session_id (middlebox compatibility); empty before 1.3.
        body.vector8(tls13 ? random(32) : new byte[0]);
        Writer list = new Writer();
        suites.forEach(s -> list.u16(s.code()));
        body.vector16(list.toBytes());
        body.vector8(new byte[] {0}); // compression: null only (RFC 5246 §7.4.1.2)
        if (version != TlsVersion.SSL_3_0) {
            body.vector16(extensions(version, serverName));
        }
        Writer handshake = new Writer();
        handshake.u8(1); // client_hello (RFC 8446 §4)
        handshake.vector24(body.toBytes());
        Writer record = new Writer();
        record.u8(22); // handshake (RFC 8446 §5.1)
        // RFC 8446 §5.1: legacy_record_version 0x0301 for an initial ClientHello (0x0300 for SSL 3.0).
        record.u16(version == TlsVersion.SSL_3_0 ? 0x0300 : 0x0301);
        record.vector16(handshake.toBytes());
        return record.toBytes();
    }

    private static byte[] extensions(TlsVersion version, String serverName) {
        Writer e = new Writer();
        if (!serverName.isEmpty()) {
            // RFC 6066 §3: server_name, one host_name entry.
            Writer names = new Writer();
            names.u8(0);
            names.vector16(serverName.getBytes(StandardCharsets.US_ASCII));
            Writer ext = new Writer();
            ext.vector16(names.toBytes());
            e.extension(0x0000, ext.toBytes());
        }
        Writer groups = new Writer();
        for (int g : GROUPS) {
            groups.u16(g);
        }
        Writer g = new Writer();
        g.vector16(groups.toBytes());
        e.extension(0x000a, g.toBytes()); // supported_groups (RFC 8422 §5.1.1, RFC 8446 §4.2.7)
        if (version.code() >= TlsVersion.TLS_1_2.code()) {
            Writer sigs = new Writer();
            for (int s : SIGNATURES) {
                sigs.u16(s);
            }
            Writer sa = new Writer();
            sa.vector16(sigs.toBytes());
            e.extension(0x000d, sa.toBytes()); // signature_algorithms (RFC 5246 §7.4.1.4.1)
        }
        if (version == TlsVersion.TLS_1_3) {
            Writer versions = new Writer();
            versions.vector8(new byte[] {0x03, 0x04});
            e.extension(0x002b, versions.toBytes()); // supported_versions: 1.3 only (RFC 8446 §4.2.1)
            Writer share = new Writer();
            share.u16(0x001d);
            share.vector16(x25519PublicKey());
            Writer shares = new Writer();
            shares.vector16(share.toBytes());
            e.extension(0x0033, shares.toBytes()); // key_share (RFC 8446 §4.2.8)
            e.extension(0x002d, new byte[] {1, 1}); // psk_key_exchange_modes: psk_dhe_ke (RFC 8446 §4.2.9)
        } else {
            e.extension(0x000b, new byte[] {1, 0}); // ec_point_formats: uncompressed (RFC 8422 §5.1.2)
            e.extension(0x0017, new byte[0]); // extended_master_secret (RFC 7627 §5.1)
            e.extension(0xff01, new byte[] {0}); // renegotiation_info, initial (RFC 5746 §3.4)
        }
        return e.toBytes();
    }

    /** A fresh X25519 public key (RFC 7748 §6.1); the private half is thrown away, no secret is ever derived. */
    private static byte[] x25519PublicKey() {
        try {
            byte[] spki = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic().getEncoded();
            return java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        } catch (GeneralSecurityException e) {
            return random(32);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Big-endian integers and length-prefixed vectors (RFC 8446 §3). */
    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

        void u8(int v) {
            out.write(v);
        }

        void u16(int v) {
            out.write(v >>> 8);
            out.write(v);
        }

        void bytes(byte[] b) {
            out.writeBytes(b);
        }

        void vector8(byte[] b) {
            u8(b.length);
            bytes(b);
        }

        void vector16(byte[] b) {
            u16(b.length);
            bytes(b);
        }

        void vector24(byte[] b) {
            out.write(b.length >>> 16);
            u16(b.length & 0xffff);
            bytes(b);
        }

        void extension(int type, byte[] data) {
            u16(type);
            vector16(data);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
