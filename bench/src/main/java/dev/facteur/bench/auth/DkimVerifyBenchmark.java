package dev.facteur.bench.auth;

import dev.facteur.auth.dkim.DkimKeyGenerator;
import dev.facteur.auth.dkim.DkimResult;
import dev.facteur.auth.dkim.DkimSigner;
import dev.facteur.auth.dkim.DkimVerifier;
import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.auth.message.HeaderField;
import dev.facteur.auth.message.MailMessage;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * DKIM verifications per second over a 50 KB message (relaxed/relaxed), one signature per call:
 * body canonicalisation and hash, header hash and the public-key operation. The key record comes
 * from an in-memory resolver (as from a warm DNS cache). Run: bench/run-jmh DkimVerifyBenchmark -f 1 -wi 2 -i 3 -t 1
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DkimVerifyBenchmark {

    @Param({"rsa-2048", "ed25519"})
    public String algorithm;

    /** "base64": a typical 50 KB message (a base64 attachment); "spaced": every line needs relaxed rewriting. */
    @Param({"base64", "spaced"})
    public String body;

    private DkimVerifier verifier;
    private MailMessage message;
    private HeaderField signature;

    @Setup
    public void setUp() throws Exception {
        DkimKeyGenerator.GeneratedKey key = algorithm.equals("ed25519") ? DkimKeyGenerator.ed25519() : DkimKeyGenerator.rsa(2048);
        InMemoryDnsResolver dns = new InMemoryDnsResolver().txt("bench._domainkey.example.test", key.txtRecord());
        StringBuilder text = new StringBuilder();
        if (body.equals("spaced")) {
            int line = 0;
            while (text.length() < 50 * 1024) {
                text.append("Line ").append(line++).append(" of the benchmark message,  with\tsome   spacing and text to hash. \r\n");
            }
        } else {
            byte[] attachment = new byte[37 * 1024];
            new java.util.Random(42).nextBytes(attachment);
            text.append("Hello,\r\n\r\nthe report is attached.\r\n\r\n").append(java.util.Base64.getMimeEncoder().encodeToString(attachment)).append("\r\n");
        }
        String raw = "From: Alice <alice@example.test>\r\nTo: bob@example.net\r\nSubject: benchmark\r\n"
                + "Date: Thu, 26 Nov 2026 12:00:00 +0000\r\nMessage-ID: <bench@example.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text;
        byte[] signed = new DkimSigner(List.of(key.signingKey("example.test", "bench")), InstantSource.system())
                .signedMessage(raw.getBytes(StandardCharsets.UTF_8));
        message = MailMessage.parse(signed);
        signature = message.first("DKIM-Signature").orElseThrow();
        verifier = new DkimVerifier(dns, InstantSource.system());
        DkimResult r = verifier.verify(message, signature);
        if (!(r instanceof DkimResult.Pass)) {
            throw new IllegalStateException("benchmark signature does not verify: " + r);
        }
    }

    @Benchmark
    public DkimResult verify() {
        return verifier.verify(message, signature);
    }
}
