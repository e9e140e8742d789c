package dev.facteur.auth.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facteur.auth.dns.DnsjavaResolver;
import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.auth.message.MailMessage;
import dev.facteur.testkit.dns.TestDnsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with independent DKIM implementations from Debian: python3-dkim (dkimpy, under
 * /usr/bin/python3) and OpenDKIM (opendkim-testmsg signs; opendkim -t verifies through libunbound
 * pointed at the in-process DNS server). Each test skips when its tool is absent.
 */
class DkimInteropTest {

    static final String PYTHON = "/usr/bin/python3";
    static final String MESSAGE = "From: Alice <alice@example.test>\r\nTo: bob@example.net\r\nSubject: interop\r\n"
            + "Date: Thu, 26 Nov 2026 12:00:00 +0000\r\nMessage-ID: <interop@example.test>\r\n\r\nHello  Bob,\r\n"
            + "this\tline has  odd   spacing \r\n\r\n";
    static final DkimKeyGenerator.GeneratedKey RSA = DkimKeyGenerator.rsa(2048);
    static final DkimKeyGenerator.GeneratedKey ED = DkimKeyGenerator.ed25519();

    @TempDir
    Path dir;

    private static boolean dkimpyAvailable() {
        try {
            return Files.isExecutable(Path.of(PYTHON)) && run(List.of(PYTHON, "-c", "import dkim, nacl"), null).exit == 0;
        } catch (IOException e) {
            return false;
        }
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(List<String> command, Path stdin) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        try {
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.ISO_8859_1), new String(err, StandardCharsets.ISO_8859_1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private Path script() throws IOException {
        Path p = dir.resolve("dkimpy.py");
        try (var in = getClass().getResourceAsStream("/interop/dkimpy.py")) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    private byte[] facteurSigned() throws Exception {
        var signer = new DkimSigner(List.of(RSA.signingKey("example.test", "rsa"), ED.signingKey("example.test", "ed")),
                InstantSource.system());
        return signer.signedMessage(MESSAGE.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void dkimpyVerifiesFacteursRsaAndEd25519Signatures() throws Exception {
        assumeTrue(dkimpyAvailable(), "python3-dkim (with python3-nacl) not installed under /usr/bin/python3: skipped");
        Path msg = Files.write(dir.resolve("msg.eml"), facteurSigned());
        Path records = Files.writeString(dir.resolve("records"), "rsa._domainkey.example.test " + RSA.txtRecord() + "\n"
                + "ed._domainkey.example.test " + ED.txtRecord() + "\n");
        Result r = run(List.of(PYTHON, script().toString(), "verify", msg.toString(), records.toString()), null);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines()).containsExactly("0 pass", "1 pass");
    }

    @Test
    void facteurVerifiesDkimpySignatures() throws Exception {
        assumeTrue(dkimpyAvailable(), "python3-dkim (with python3-nacl) not installed under /usr/bin/python3: skipped");
        Path msg = Files.writeString(dir.resolve("msg.eml"), MESSAGE, StandardCharsets.ISO_8859_1);
        Path rsaKey = Files.writeString(dir.resolve("rsa.pem"), RSA.privateKeyPem());
        byte[] pkcs8 = ED.privateKey().getEncoded();
        // dkimpy takes an Ed25519 private key as the base64 of its 32-octet seed (the end of the PKCS#8 encoding).
        Path edKey = Files.writeString(dir.resolve("ed.key"),
                Base64.getEncoder().encodeToString(Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length)));
        InMemoryDnsResolver dns = new InMemoryDnsResolver().txt("rsa._domainkey.example.test", RSA.txtRecord())
                .txt("ed._domainkey.example.test", ED.txtRecord());
        for (String[] k : List.of(new String[] {"rsa", rsaKey.toString(), "rsa-sha256"}, new String[] {"ed", edKey.toString(), "ed25519-sha256"})) {
            Result r = run(List.of(PYTHON, script().toString(), "sign", msg.toString(), k[0], "example.test", k[1], k[2]), null);
            assertThat(r.exit()).as(r.err()).isZero();
            List<DkimResult> results = new DkimVerifier(dns, InstantSource.system())
                    .verify(MailMessage.parse(r.out().getBytes(StandardCharsets.ISO_8859_1)));
            assertThat(results).as(k[2]).singleElement().isInstanceOf(DkimResult.Pass.class);
        }
    }

    @Test
    void facteurRefusesOpendkimTestmsgsDefaultRsaSha1ButVerifiesItsRsaSha256() throws Exception {
        Path testmsg = Path.of("/usr/sbin/opendkim-testmsg");
        Path opendkim = Path.of("/usr/sbin/opendkim");
        assumeTrue(Files.isExecutable(testmsg) && Files.isExecutable(opendkim), "opendkim and opendkim-tools not installed: skipped");
        Path msg = Files.writeString(dir.resolve("msg.eml"), MESSAGE, StandardCharsets.ISO_8859_1);
        Path key = Files.writeString(dir.resolve("rsa.pem"), RSA.privateKeyPem());
        InMemoryDnsResolver dns = new InMemoryDnsResolver().txt("rsa._domainkey.example.test", RSA.txtRecord());
        DkimVerifier verifier = new DkimVerifier(dns, InstantSource.system());
        // opendkim-testmsg always signs with libopendkim's default, rsa-sha1, which RFC 8301 §3.1 retires.
        Result sha1 = run(List.of(testmsg.toString(), "-C", "-d", "example.test", "-s", "rsa", "-k", key.toString(), "-t", dir.toString()), msg);
        assertThat(sha1.exit()).as(sha1.err()).isZero();
        assertThat(verifier.verify(MailMessage.parse(sha1.out().getBytes(StandardCharsets.ISO_8859_1)))).singleElement()
                .isInstanceOfSatisfying(DkimResult.PermError.class, e -> assertThat(e.info().algorithm()).isEqualTo("rsa-sha1"));
        // opendkim's test mode signs with the configured rsa-sha256 and prints the new field.
        Path conf = Files.writeString(dir.resolve("sign.conf"), "Syslog no\nMode s\nDomain example.test\nSelector rsa\n"
                + "KeyFile " + key + "\nSignatureAlgorithm rsa-sha256\nCanonicalization relaxed/simple\nRequireSafeKeys false\n");
        Result r = run(List.of(opendkim.toString(), "-x", conf.toString(), "-t", msg.toString()), null);
        assertThat(r.exit()).as(r.err()).isZero();
        String printed = r.out() + r.err();
        assertThat(printed).as(printed).contains("DKIM-Signature:");
        String field = printed.substring(printed.indexOf("DKIM-Signature:")).replace("\r\n", "\n").replace("\n", "\r\n");
        byte[] signed = (field + MESSAGE).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(verifier.verify(MailMessage.parse(signed))).singleElement().isInstanceOf(DkimResult.Pass.class);
    }

    @Test
    void opendkimVerifiesFacteursSignaturesThroughTheTestDnsServer() throws Exception {
        Path opendkim = Path.of("/usr/sbin/opendkim");
        assumeTrue(Files.isExecutable(opendkim), "opendkim (with libunbound) not installed: skipped");
        try (TestDnsServer server = TestDnsServer.start()) {
            server.txt("rsa._domainkey.example.test", RSA.txtRecord()).txt("ed._domainkey.example.test", ED.txtRecord());
            Path unbound = Files.writeString(dir.resolve("unbound.conf"), "server:\n  do-not-query-localhost: no\n"
                    + "  module-config: \"iterator\"\n  local-zone: \"test.\" nodefault\nforward-zone:\n  name: \".\"\n  forward-addr: 127.0.0.1@" + server.port() + "\n");
            Path conf = Files.writeString(dir.resolve("opendkim.conf"), "ResolverConfiguration " + unbound + "\nSyslog no\n"
                    + "Mode v\nAlwaysAddARHeader yes\nAuthservID verifier.test\n");
            // opendkim's test mode reports the first signature only, so each key signs its own copy.
            for (var key : List.of(RSA.signingKey("example.test", "rsa"), ED.signingKey("example.test", "ed"))) {
                byte[] signed = new DkimSigner(List.of(key), InstantSource.system()).signedMessage(MESSAGE.getBytes(StandardCharsets.ISO_8859_1));
                Path msg = Files.write(dir.resolve("msg-" + key.selector() + ".eml"), signed);
                Result r = run(List.of(opendkim.toString(), "-x", conf.toString(), "-t", msg.toString()), null);
                String output = r.out() + r.err();
                assertThat(r.exit()).as(output).isZero();
                assertThat(output).as(output + server.queries())
                        .contains("verification (s=" + key.selector() + ", d=example.test,").contains(") succeeded").doesNotContain("failed");
            }
        }
    }

    @Test
    void theDnsjavaResolverReadsKeysFromTheTestDnsServer() throws Exception {
        try (TestDnsServer server = TestDnsServer.start()) {
            server.txt("rsa._domainkey.example.test", RSA.txtRecord()).txt("ed._domainkey.example.test", ED.txtRecord());
            var resolver = new DnsjavaResolver(DnsjavaResolver.Config.of(List.of(server.hostPort()), Duration.ofSeconds(2)));
            List<DkimResult> results = new DkimVerifier(resolver, InstantSource.fixed(Instant.now()))
                    .verify(MailMessage.parse(facteurSigned()));
            assertThat(results).hasSize(2).allSatisfy(res -> assertThat(res).isInstanceOf(DkimResult.Pass.class));
        }
    }
}
