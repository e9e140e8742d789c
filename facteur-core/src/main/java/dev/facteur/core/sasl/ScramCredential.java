package dev.facteur.core.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A SCRAM-SHA-256 verifier as RFC 5803 §3 stores it:
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} (base64). The password
 * itself cannot be recovered from it.
 */
public record ScramCredential(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
    /** RFC 7677 §4: at least 4096 iterations. */
    public static final int DEFAULT_ITERATIONS = 4096;
    static final String PREFIX = "SCRAM-SHA-256$";

    public ScramCredential {
        if (iterations < 4096 || iterations > 10_000_000) {
            throw new IllegalArgumentException("SCRAM iterations out of range");
        }
        if (salt.length < 8 || storedKey.length != 32 || serverKey.length != 32) {
            throw new IllegalArgumentException("malformed SCRAM-SHA-256 verifier");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    public static ScramCredential fromPassword(String password, int iterations, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return derive(password, salt, iterations);
    }

    /** RFC 5802 §3: SaltedPassword, ClientKey, StoredKey, ServerKey. */
    public static ScramCredential derive(String password, byte[] salt, int iterations) {
        byte[] salted = saltedPassword(password, salt, iterations);
        byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] storedKey = sha256(clientKey);
        byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        return new ScramCredential(iterations, salt, storedKey, serverKey);
    }

    static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        // RFC 5802 §2.2 Hi() is PBKDF2 with HMAC-SHA-256; RFC 4013 SASLprep is approximated by
        // NFKC normalisation (the mapping and prohibition tables are not applied).
        byte[] pw = Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8);
        PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA256Digest());
        gen.init(pw, salt, iterations);
        return ((KeyParameter) gen.generateDerivedParameters(256)).getKey();
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    public String encode() {
        Base64.Encoder b = Base64.getEncoder();
        return PREFIX + iterations + ":" + b.encodeToString(salt) + "$" + b.encodeToString(storedKey) + ":"
                + b.encodeToString(serverKey);
    }

    public static ScramCredential parse(String text) {
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier");
        }
        String[] halves = text.substring(PREFIX.length()).split("\\$", -1);
        if (halves.length != 2) {
            throw new IllegalArgumentException("malformed SCRAM-SHA-256 verifier");
        }
        String[] a = halves[0].split(":", -1);
        String[] k = halves[1].split(":", -1);
        if (a.length != 2 || k.length != 2 || !a[0].matches("[0-9]{1,8}")) {
            throw new IllegalArgumentException("malformed SCRAM-SHA-256 verifier");
        }
        Base64.Decoder d = Base64.getDecoder();
        return new ScramCredential(Integer.parseInt(a[0]), d.decode(a[1]), d.decode(k[0]), d.decode(k[1]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredential s && s.iterations == iterations && Arrays.equals(s.salt, salt)
                && Arrays.equals(s.storedKey, storedKey) && Arrays.equals(s.serverKey, serverKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storedKey);
    }

    @Override
    public String toString() {
        return "ScramCredential[i=" + iterations + "]";
    }
}
