package dev.facteur.toolkit.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dkim.DkimAlgorithm;
import dev.facteur.auth.dkim.DkimKeyGenerator;
import dev.facteur.auth.dkim.DkimSigner;
import dev.facteur.auth.dkim.DkimSigningKey;
import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Severity;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MessageAnalyzerTest {

    static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-26T20:00:00Z"));
    static final DkimKeyGenerator.GeneratedKey KEY = DkimKeyGenerator.ed25519();

    final InMemoryDnsResolver dns = new InMemoryDnsResolver()
            .txt("sender.test", "v=spf1 ip4:192.0.2.10 -all")
            .txt("sel._domainkey.sender.test", KEY.txtRecord())
            .txt("_dmarc.sender.test", "v=DMARC1; p=reject")
            .txt("_dmarc.bank.test", "v=DMARC1; p=reject")
            .txt("soft.test", "v=spf1 ~all")
            .txt("neutral.test", "v=spf1 ?all")
            .txt("perm.test", "v=spf1 foo:bar -all");
    final MessageAnalyzer analyzer = new MessageAnalyzer(dns, CLOCK);

    static final String GOOD = """
            Return-Path: <alice@sender.test>\r
            Received: from out.sender.test (out.sender.test [192.0.2.10]) by mx.receiver.test with ESMTPS id 1; Thu, 26 Nov 2026 19:50:05 +0000\r
            Authentication-Results: mx.receiver.test; spf=pass smtp.mailfrom=sender.test; dkim=pass header.d=sender.test\r
            Received: from laptop (unknown [198.51.100.7]) by out.sender.test with ESMTPSA id 2; Thu, 26 Nov 2026 19:50:01 +0000\r
            From: Alice <alice@sender.test>\r
            To: bob@receiver.test\r
            Subject: hello\r
            Date: Thu, 26 Nov 2026 19:50:00 +0000\r
            Message-ID: <1@sender.test>\r
            MIME-Version: 1.0\r
            Content-Type: multipart/alternative; boundary="b1"\r
            \r
            --b1\r
            Content-Type: text/plain\r
            \r
            hi\r
            --b1--\r
            """;

    private static String signed(String message) throws Exception {
        int split = message.indexOf("From: ");
        String trace = message.substring(0, split);
        String rest = message.substring(split);
        DkimSigner signer = new DkimSigner(List.of(new DkimSigningKey("sender.test", "sel", DkimAlgorithm.ED25519_SHA256, KEY.privateKey())), CLOCK);
        return trace + new String(signer.signedMessage(rest.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static Set<String> problems(MessageAnalysis a) {
        return a.report().findings().stream().filter(f -> f.severity() != Severity.OK).map(Finding::code).collect(Collectors.toSet());
    }

    @Test
    void aCorrectMessageShowsItsPathAndPassesEverything() throws Exception {
        MessageAnalysis a = analyzer.analyze(signed(GOOD).getBytes(StandardCharsets.UTF_8));
        assertThat(problems(a)).isEmpty();
        assertThat(a.hops()).extracting(Hop::ip).containsExactly("198.51.100.7", "192.0.2.10");
        assertThat(a.hops().get(1).delaySeconds()).isEqualTo(4);
        assertThat(a.sendingIps()).containsExactly("198.51.100.7", "192.0.2.10");
        assertThat(a.now()).extracting(AuthResult::method, AuthResult::result).contains(
                org.assertj.core.groups.Tuple.tuple("spf", "pass"), org.assertj.core.groups.Tuple.tuple("dkim", "pass"),
                org.assertj.core.groups.Tuple.tuple("dmarc", "pass"));
        assertThat(a.recorded()).extracting(AuthResult::authservId, AuthResult::method, AuthResult::result).contains(
                org.assertj.core.groups.Tuple.tuple("mx.receiver.test", "dkim", "pass"));
        assertThat(a.report().has("from-aligned")).isTrue();
    }

    @Test
    void missingHeadersAreEachReportedWithAFix() throws Exception {
        String m = signed(GOOD).replace("Message-ID: <1@sender.test>\r\n", "").replace("Date: Thu, 26 Nov 2026 19:50:00 +0000\r\n", "");
        assertThat(problems(analyzer.analyze(m.getBytes(StandardCharsets.UTF_8)))).contains("missing-message-id", "missing-date");
    }

    @Test
    void brokenMimeIsReported() throws Exception {
        assertThat(problems(analyzer.analyze(GOOD.replace("boundary=\"b1\"", "").getBytes(StandardCharsets.UTF_8)))).contains("mime-no-boundary");
        assertThat(problems(analyzer.analyze(GOOD.replace("boundary=\"b1\"", "boundary=\"zz\"").getBytes(StandardCharsets.UTF_8)))).contains("mime-boundary-missing");
        assertThat(problems(analyzer.analyze(GOOD.replace("--b1--", "").getBytes(StandardCharsets.UTF_8)))).contains("mime-unterminated");
    }

    @Test
    void fromNotAlignedWithDkimOrSpfIsAnError() throws Exception {
        String m = signed(GOOD).replace("From: Alice <alice@sender.test>", "From: Alice <alice@bank.test>");
        MessageAnalysis a = analyzer.analyze(m.getBytes(StandardCharsets.UTF_8));
        assertThat(problems(a)).contains("from-not-aligned");
    }

    @Test
    void unsignedMessageFromAnUnauthorisedIpFailsSpfAndHasNoDkim() {
        String m = GOOD.replace("[192.0.2.10]", "[203.0.113.9]");
        MessageAnalysis a = analyzer.analyze(m.getBytes(StandardCharsets.UTF_8));
        assertThat(problems(a)).contains("spf-fail", "dkim-none", "from-not-aligned", "result-changed");
    }

    @Test
    void slowHopIsFlagged() {
        String m = GOOD.replace("19:50:05 +0000", "22:50:05 +0000");
        assertThat(problems(analyzer.analyze(m.getBytes(StandardCharsets.UTF_8)))).contains("slow-hop");
    }

    /** A message variant and the exact warnings and errors it must raise. */
    record Case(String name, String message, Set<String> expected) {
    }

    static List<Case> cases() throws Exception {
        String future = "Date: Thu, 26 Nov 2026 23:50:00 +0000";
        return List.of(
                new Case("good", signed(GOOD), Set.of()),
                new Case("no Message-ID", signed(GOOD.replace("Message-ID: <1@sender.test>\r\n", "")), Set.of("missing-message-id")),
                new Case("no Date", signed(GOOD.replace("Date: Thu, 26 Nov 2026 19:50:00 +0000\r\n", "")), Set.of("missing-date")),
                new Case("bad Date", signed(GOOD.replace("Date: Thu, 26 Nov 2026 19:50:00 +0000", "Date: yesterday")), Set.of("bad-date")),
                new Case("future Date", signed(GOOD.replace("Date: Thu, 26 Nov 2026 19:50:00 +0000", future)), Set.of("future-date")),
                new Case("no MIME-Version", signed(GOOD.replace("MIME-Version: 1.0\r\n", "")), Set.of("missing-mime-version")),
                new Case("no boundary", signed(GOOD.replace("; boundary=\"b1\"", "")), Set.of("mime-no-boundary")),
                new Case("wrong boundary", signed(GOOD.replace("boundary=\"b1\"", "boundary=\"zz\"")), Set.of("mime-boundary-missing")),
                new Case("unterminated", signed(GOOD.replace("--b1--\r\n", "")), Set.of("mime-unterminated")),
                new Case("8-bit Subject", signed(GOOD.replace("Subject: hello", "Subject: caf\u00e9")), Set.of("raw-8bit-header")),
                new Case("From elsewhere", signed(GOOD.replace("From: Alice <alice@sender.test>", "From: Alice <alice@bank.test>")), Set.of("from-not-aligned")),
                new Case("From changed after signing", signed(GOOD).replace("From: Alice <alice@sender.test>", "From: Alice <alice@bank.test>"),
                        Set.of("from-not-aligned", "dkim-fail", "result-changed")),
                new Case("two From", signed(GOOD).replace("To: bob", "From: Eve <eve@sender.test>\r\nTo: bob"),
                        Set.of("multiple-from", "from-invalid", "dkim-fail", "result-changed")),
                new Case("slow hop", signed(GOOD).replace("19:50:05 +0000", "22:50:05 +0000"), Set.of("slow-hop")),
                new Case("clock skew", signed(GOOD).replace("19:50:05 +0000", "19:40:05 +0000"), Set.of("clock-skew")),
                new Case("no sending IP", signed(GOOD).replace(" [192.0.2.10]", "").replace(" (unknown [198.51.100.7])", ""), Set.of("spf-not-checkable")),
                new Case("SPF softfail", signed(GOOD).replace("Return-Path: <alice@sender.test>", "Return-Path: <alice@soft.test>"), Set.of("spf-softfail", "result-changed")),
                new Case("SPF neutral", signed(GOOD).replace("Return-Path: <alice@sender.test>", "Return-Path: <alice@neutral.test>"), Set.of("spf-neutral", "result-changed")),
                new Case("SPF permerror", signed(GOOD).replace("Return-Path: <alice@sender.test>", "Return-Path: <alice@perm.test>"), Set.of("spf-permerror", "result-changed")),
                new Case("body altered", signed(GOOD).replace("hi\r\n", "hi there\r\n"), Set.of("dkim-fail", "result-changed")));
    }

    /** The message with one ARC set (RFC 8617) sealed by sender.test's key on top. */
    private static String sealed(String message) {
        var sealer = new dev.facteur.auth.arc.ArcSealer(new DkimSigningKey("sender.test", "sel", DkimAlgorithm.ED25519_SHA256, KEY.privateKey()), "forwarder.test", CLOCK);
        var r = sealer.seal(message.getBytes(StandardCharsets.UTF_8), new dev.facteur.auth.arc.ArcResult.None(), "forwarder.test; spf=pass smtp.mailfrom=sender.test");
        return ((dev.facteur.auth.arc.ArcSealer.SealResult.Sealed) r).headers() + message;
    }

    @Test
    void anArcChainIsReVerifiedAndABrokenOneIsAWarning() throws Exception {
        MessageAnalysis good = analyzer.analyze(sealed(signed(GOOD)).getBytes(StandardCharsets.UTF_8));
        assertThat(problems(good)).isEmpty();
        assertThat(good.report().has("arc-pass")).isTrue();
        assertThat(analyzer.analyze(signed(GOOD).getBytes(StandardCharsets.UTF_8)).report().has("arc-pass")).isFalse();
        MessageAnalysis broken = analyzer.analyze(sealed(signed(GOOD)).replace("hi\r\n", "hi there\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(problems(broken)).containsExactlyInAnyOrder("arc-fail", "dkim-fail", "result-changed");
    }

    @Test
    void eachMessageFaultRaisesExactlyItsOwnFindings() throws Exception {
        for (Case c : cases()) {
            MessageAnalysis a = analyzer.analyze(c.message().getBytes(StandardCharsets.UTF_8));
            assertThat(problems(a)).as(c.name() + "\n" + new dev.facteur.toolkit.report.TextRenderer(false).render(a.report())).isEqualTo(c.expected());
            a.report().findings().stream().filter(f -> f.severity() != Severity.OK)
                    .forEach(f -> assertThat(f.fix()).as(c.name() + " " + f.code()).isNotBlank());
        }
    }

    @Test
    void garbageHugeAndNonUtf8InputNeverThrows() throws Exception {
        byte[] random = new byte[200_000];
        new Random(7).nextBytes(random);
        assertThat(analyzer.analyze(random).report().worst()).isNotNull();
        assertThat(analyzer.analyze(new byte[0]).report().has("no-headers")).isTrue();
        byte[] latin1 = ("From: J\u00e9r\u00f4me <j@sender.test>\r\nSubject: caf\u00e9\r\n\r\nbody").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(problems(analyzer.analyze(latin1))).contains("raw-8bit-header");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            many.append("Received: from a").append(i).append(" ([10.0.0.1]) by b; Thu, 26 Nov 2026 19:50:00 +0000\r\n");
        }
        MessageAnalysis a = analyzer.analyze(many.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        assertThat(a.hops().size()).isLessThanOrEqualTo(100);
        byte[] huge = new byte[MessageAnalyzer.MAX_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) 'a');
        System.arraycopy("Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, huge, 0, 14);
        assertThat(analyzer.analyze(new ByteArrayInputStream(huge)).report().has("truncated")).isTrue();
    }
}
