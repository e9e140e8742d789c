package dev.facteur.auth.dkim;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A parsed DKIM key record (RFC 6376 §3.6.1), also used for ARC keys: the key type, public key,
 * acceptable hashes, service types and flags.
 */
public record DkimKeyRecord(String keyType, PublicKey publicKey, int keyBits, List<String> hashes,
                            List<String> services, boolean testing, boolean strict) {

    /** RFC 8301 §3.2: verifiers refuse RSA keys under 1024 bits. */
    public static final int MIN_RSA_BITS = 1024;

    public DkimKeyRecord {
        hashes = List.copyOf(hashes);
        services = List.copyOf(services);
    }

    /** Why a key record is unusable; becomes permerror. */
    public static final class KeyException extends Exception {
        public KeyException(String message) {
            super(message, null, false, false);
        }
    }

    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    public static DkimKeyRecord parse(String text) throws KeyException {
        TagList tags;
        try {
            tags = TagList.parse(text);
        } catch (TagList.SyntaxException e) {
            throw new KeyException("key record syntax: " + e.getMessage());
        }
        // RFC 6376 §3.6.1: v=, if present, is the first tag and is "DKIM1".
        if (tags.has("v") && (!tags.get("v").orElseThrow().equals("DKIM1") || !tags.tags().keySet().iterator().next().equals("v"))) {
            throw new KeyException("key record version is not DKIM1");
        }
        String k = tags.get("k").orElse("rsa").toLowerCase(Locale.ROOT);
        List<String> hashes = tags.get("h").map(DkimKeyRecord::list).orElse(List.of());
        List<String> services = tags.get("s").map(DkimKeyRecord::list).orElse(List.of("*"));
        List<String> flags = tags.get("t").map(DkimKeyRecord::list).orElse(List.of());
        String p = tags.compact("p").orElseThrow(() -> new KeyException("key record without p="));
        // RFC 6376 §3.6.1: an empty p= means the key has been revoked.
        if (p.isEmpty()) {
            throw new KeyException("key revoked (empty p=)");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(p);
        } catch (IllegalArgumentException e) {
            throw new KeyException("key p= is not valid base64");
        }
        PublicKey key;
        int bits;
        try {
            switch (k) {
                case "rsa" -> {
                    key = rsaPublicKey(der);
                    bits = ((RSAPublicKey) key).getModulus().bitLength();
                    if (bits < MIN_RSA_BITS) {
                        throw new KeyException("RSA key of " + bits + " bits is under " + MIN_RSA_BITS + " (RFC 8301 §3.2)");
                    }
                }
                case "ed25519" -> {
                    // RFC 8463 §4: p= is the raw 32-octet public key.
                    if (der.length != 32) {
                        throw new KeyException("Ed25519 key is not 32 octets");
                    }
                    byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
                    System.arraycopy(der, 0, spki, ED25519_SPKI_PREFIX.length, 32);
                    key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
                    bits = 256;
                }
                default -> throw new KeyException("unknown key type k=" + k);
            }
        } catch (java.security.GeneralSecurityException | ClassCastException e) {
            throw new KeyException("unreadable " + k + " public key");
        }
        return new DkimKeyRecord(k, key, bits, hashes, services, flags.contains("y"), flags.contains("s"));
    }

    /**
     * RFC 6376 §3.6.1 says SubjectPublicKeyInfo; the RFC's own example (Appendix C) and some
     * publishers use a bare PKCS#1 RSAPublicKey, which we accept by wrapping it.
     */
    private static PublicKey rsaPublicKey(byte[] der) throws java.security.GeneralSecurityException {
        KeyFactory kf = KeyFactory.getInstance("RSA");
        try {
            return kf.generatePublic(new X509EncodedKeySpec(der));
        } catch (java.security.GeneralSecurityException spkiFailed) {
            return kf.generatePublic(new X509EncodedKeySpec(spkiOfPkcs1(der)));
        }
    }

    private static byte[] spkiOfPkcs1(byte[] pkcs1) {
        byte[] algId = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        java.io.ByteArrayOutputStream bits = new java.io.ByteArrayOutputStream();
        bits.write(0x03);
        bits.writeBytes(derLength(pkcs1.length + 1));
        bits.write(0x00);
        bits.writeBytes(pkcs1);
        byte[] bitString = bits.toByteArray();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(derLength(algId.length + bitString.length));
        out.writeBytes(algId);
        out.writeBytes(bitString);
        return out.toByteArray();
    }

    private static byte[] derLength(int n) {
        if (n < 128) {
            return new byte[] {(byte) n};
        }
        if (n < 256) {
            return new byte[] {(byte) 0x81, (byte) n};
        }
        return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    }

    private static List<String> list(String v) {
        return Arrays.stream(v.split(":")).map(String::strip).map(s -> s.toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }

    /** RFC 6376 §3.6.1 h=: empty means every hash is acceptable. */
    public boolean acceptsSha256() {
        return hashes.isEmpty() || hashes.contains("sha256");
    }

    /** RFC 6376 §3.6.1 s=: "*" or "email". */
    public boolean servesEmail() {
        return services.contains("*") || services.contains("email");
    }
}
