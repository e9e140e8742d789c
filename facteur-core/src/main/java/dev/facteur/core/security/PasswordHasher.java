package dev.facteur.core.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), as RFC 9106 and OWASP recommend.
 * Verification reads the parameters from the stored string, so they can be raised later
 * without invalidating existing hashes.
 */
public final class PasswordHasher {
    /** OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane. */
    public static final Parameters DEFAULT = new Parameters(19 * 1024, 2, 1);

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final Parameters parameters;
    private final SecureRandom random = new SecureRandom();

    /** Cost parameters: memory in KiB, iterations, parallelism. */
    public record Parameters(int memoryKib, int iterations, int parallelism) {
        public Parameters {
            if (memoryKib < 8 || iterations < 1 || parallelism < 1 || parallelism > 16
                    || memoryKib > 4 * 1024 * 1024 || iterations > 100) {
                throw new IllegalArgumentException("Argon2 parameters out of range");
            }
        }
    }

    public PasswordHasher() {
        this(DEFAULT);
    }

    public PasswordHasher(Parameters parameters) {
        this.parameters = parameters;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, parameters, HASH_BYTES);
        return "$argon2id$v=19$m=" + parameters.memoryKib() + ",t=" + parameters.iterations() + ",p="
                + parameters.parallelism() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** True if {@code password} matches {@code stored}; false for a malformed stored string. */
    public boolean verify(String password, String stored) {
        String[] parts = stored.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            int p = 0;
            for (String kv : parts[3].split(",")) {
                String[] pair = kv.split("=", 2);
                int v = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> m = v;
                    case "t" -> t = v;
                    case "p" -> p = v;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            if (expected.length < 16 || expected.length > 64) {
                return false;
            }
            byte[] actual = derive(password, salt, new Parameters(m, t, p), expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }

    /** True if the stored hash uses weaker parameters than this hasher's (re-hash on next login). */
    public boolean needsRehash(String stored) {
        return !stored.contains("$m=" + parameters.memoryKib() + ",t=" + parameters.iterations() + ",p="
                + parameters.parallelism() + "$");
    }

    /** One derivation per core in the whole process, whichever protocol asked (see {@link Throttle}). */
    private static final Throttle DERIVATIONS = Throttle.perCore();

    private static byte[] derive(String password, byte[] salt, Parameters p, int length) {
        return DERIVATIONS.run(() -> deriveNow(password, salt, p, length));
    }

    private static byte[] deriveNow(String password, byte[] salt, Parameters p, int length) {
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKib())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
