package dev.facteur.core.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Generates a self-signed ECDSA P-256 certificate for the server's host name, so the embedded
 * default can offer STARTTLS and implicit TLS on first start (data/tls/cert.pem and key.pem).
 */
public final class SelfSignedCertificate {

    /** Where the pair was written. */
    public record PemPair(Path certificate, Path key) {}

    private SelfSignedCertificate() {
    }

    /**
     * Writes {@code cert.pem} and {@code key.pem} into {@code directory} unless both exist
     * already; returns their paths either way.
     */
    public static PemPair ensure(Path directory, String hostname, Instant now) throws IOException {
        Path cert = directory.resolve("cert.pem");
        Path key = directory.resolve("key.pem");
        if (Files.exists(cert) && Files.exists(key)) {
            return new PemPair(cert, key);
        }
        Files.createDirectories(directory);
        byte[][] pems = generate(hostname, now, Duration.ofDays(3650));
        writeAtomically(key, pems[1], true);
        writeAtomically(cert, pems[0], false);
        return new PemPair(cert, key);
    }

    /** Returns {certificate PEM, PKCS#8 private key PEM}. */
    public static byte[][] generate(String hostname, Instant now, Duration validity) throws IOException {
        // BouncyCastle (a signed jar, slow to open) is loaded only when a pair is generated.
        return CertificateGenerator.generate(hostname, now, validity);
    }

    private static void writeAtomically(Path target, byte[] content, boolean secret) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret && tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(Set.of(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
        }
        try {
            Files.write(tmp, content, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot write " + target, e);
        }
    }
}
