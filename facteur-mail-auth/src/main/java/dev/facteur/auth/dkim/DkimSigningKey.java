package dev.facteur.auth.dkim;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Locale;

/** A private key with the d= domain and s= selector it signs for. */
public record DkimSigningKey(String domain, String selector, DkimAlgorithm algorithm, PrivateKey privateKey) {

    public DkimSigningKey {
        domain = domain.toLowerCase(Locale.ROOT);
        if (domain.isBlank() || selector.isBlank() || selector.contains(";") || domain.contains(";")) {
            throw new IllegalArgumentException("bad DKIM domain or selector");
        }
        String expected = switch (algorithm) {
            case RSA_SHA256 -> "RSA";
            case ED25519_SHA256 -> "EdDSA";
        };
        if (!privateKey.getAlgorithm().equals(expected) && !(algorithm == DkimAlgorithm.ED25519_SHA256 && privateKey.getAlgorithm().equals("Ed25519"))) {
            throw new IllegalArgumentException("key is " + privateKey.getAlgorithm() + ", not for " + algorithm.keyword());
        }
        if (privateKey instanceof RSAPrivateCrtKey rsa && rsa.getModulus().bitLength() < DkimKeyRecord.MIN_RSA_BITS) {
            throw new IllegalArgumentException("RSA signing keys must have at least 1024 bits (RFC 8301 §3.2)");
        }
    }

    /** A key from PEM text, its algorithm inferred from the key. */
    public static DkimSigningKey fromPem(String domain, String selector, String pem) throws GeneralSecurityException {
        PrivateKey key = PemKeys.parse(pem);
        DkimAlgorithm alg = key.getAlgorithm().equals("RSA") ? DkimAlgorithm.RSA_SHA256 : DkimAlgorithm.ED25519_SHA256;
        return new DkimSigningKey(domain, selector, alg, key);
    }
}
