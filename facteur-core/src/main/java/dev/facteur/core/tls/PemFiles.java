package dev.facteur.core.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads RFC 7468 PEM certificate chains and unencrypted private keys (PKCS#8, PKCS#1, SEC 1). */
public final class PemFiles {
    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS");

    private PemFiles() {
    }

    /** The certificates in file order: the server's first, then its issuers. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>();
            for (var c : cf.generateCertificates(in)) {
                chain.add((X509Certificate) c);
            }
            if (chain.isEmpty()) {
                throw new IOException("no certificate in " + file);
            }
            return chain;
        } catch (CertificateException e) {
            throw new IOException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        Optional<PrivateKey> pkcs8 = readPkcs8(Files.readString(file, StandardCharsets.US_ASCII));
        if (pkcs8.isPresent()) {
            return pkcs8.get();
        }
        return LegacyPemKeys.read(file); // PKCS#1 and SEC 1 need BouncyCastle
    }

    /**
     * The JDK reads RFC 7468 §10 "PRIVATE KEY" (PKCS#8) itself; BouncyCastle, whose signed jar
     * is slow to load, is needed only for the older PKCS#1 and SEC 1 forms.
     */
    private static Optional<PrivateKey> readPkcs8(String pem) {
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            return Optional.empty();
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return Optional.of(KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der)));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        return Optional.empty();
    }
}
