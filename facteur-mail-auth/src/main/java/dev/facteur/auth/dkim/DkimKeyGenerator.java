package dev.facteur.auth.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;

/** Generates DKIM keys and the TXT records that publish them (RFC 6376 §3.6.1, RFC 8463 §4). */
public final class DkimKeyGenerator {

    private DkimKeyGenerator() {
    }

    /** A generated key: the private key (PKCS#8 PEM) and its TXT record for {@code selector._domainkey.domain}. */
    public record GeneratedKey(DkimAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {

        public String privateKeyPem() {
            return PemKeys.toPem(privateKey);
        }

        /** The TXT record text, e.g. {@code v=DKIM1; k=ed25519; p=...}. */
        public String txtRecord() {
            return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + publicKeyBase64();
        }

        /** RFC 6376 §3.6.1: SubjectPublicKeyInfo for RSA; RFC 8463 §4: the raw 32 octets for Ed25519. */
        public String publicKeyBase64() {
            byte[] spki = publicKey.getEncoded();
            byte[] p = switch (algorithm) {
                case RSA_SHA256 -> spki;
                case ED25519_SHA256 -> Arrays.copyOfRange(spki, spki.length - 32, spki.length);
            };
            return Base64.getEncoder().encodeToString(p);
        }

        /** The owner name of the TXT record. */
        public static String recordName(String selector, String domain) {
            return selector + "._domainkey." + domain;
        }

        public DkimSigningKey signingKey(String domain, String selector) {
            return new DkimSigningKey(domain, selector, algorithm, privateKey);
        }
    }

    /** An RSA key of the given size (at least 1024; 2048 recommended by RFC 8301 §3.2). */
    public static GeneratedKey rsa(int bits) {
        if (bits < DkimKeyRecord.MIN_RSA_BITS) {
            throw new IllegalArgumentException("RSA DKIM keys need at least 1024 bits (RFC 8301 §3.2)");
        }
        return generate("RSA", bits, DkimAlgorithm.RSA_SHA256);
    }

    public static GeneratedKey ed25519() {
        return generate("Ed25519", 0, DkimAlgorithm.ED25519_SHA256);
    }

    private static GeneratedKey generate(String alg, int bits, DkimAlgorithm dkim) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            if (bits > 0) {
                g.initialize(bits);
            }
            KeyPair kp = g.generateKeyPair();
            return new GeneratedKey(dkim, kp.getPrivate(), kp.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK cannot generate " + alg + " keys", e);
        }
    }
}
