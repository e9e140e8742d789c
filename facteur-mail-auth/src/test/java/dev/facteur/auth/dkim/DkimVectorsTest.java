package dev.facteur.auth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.TestData;
import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.auth.message.MailMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The DKIM vectors in ../shared/testdata/dkim: every signature verifies at its own t=. */
class DkimVectorsTest {

    record Vector(InMemoryDnsResolver dns, byte[] message, long latestTimestamp) {
    }

    static Vector load(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        int split = text.indexOf("\n\n");
        InMemoryDnsResolver dns = new InMemoryDnsResolver();
        for (String line : text.substring(0, split).split("\n")) {
            int sp = line.indexOf(' ');
            dns.txt(line.substring(0, sp), line.substring(sp + 1));
        }
        byte[] message = text.substring(split + 2).getBytes(StandardCharsets.ISO_8859_1);
        long t = 0;
        Matcher m = Pattern.compile("[;\\s]t=(\\d+)").matcher(text.substring(split + 2));
        while (m.find()) {
            t = Math.max(t, Long.parseLong(m.group(1)));
        }
        return new Vector(dns, message, t);
    }

    @TestFactory
    Stream<DynamicTest> everySignatureInTheVectorsVerifies() throws Exception {
        Path dir = TestData.require("dkim");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("\\d+\\.txt")).sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Vector v = load(f);
            DkimVerifier verifier = new DkimVerifier(v.dns(), InstantSource.fixed(Instant.ofEpochSecond(v.latestTimestamp() + 1)));
            List<DkimResult> results = verifier.verify(MailMessage.parse(v.message()));
            assertThat(results).isNotEmpty();
            assertThat(results).allSatisfy(r -> assertThat(r).as(r.cause()).isInstanceOf(DkimResult.Pass.class));
        }));
    }

    @Test
    void anExpiredSignatureFailsAtTodaysDate() throws Exception {
        Vector v = load(TestData.require("dkim/005.txt"));
        DkimVerifier verifier = new DkimVerifier(v.dns(), InstantSource.fixed(Instant.parse("2026-11-26T00:00:00Z")));
        List<DkimResult> results = verifier.verify(MailMessage.parse(v.message()));
        assertThat(results).singleElement().isInstanceOfSatisfying(DkimResult.Fail.class,
                f -> assertThat(f.cause()).isEqualTo("signature expired"));
    }

    @Test
    void theRfc8463MessageCarriesBothAnEd25519AndAnRsaSignatureThatPass() throws Exception {
        Vector v = load(TestData.require("dkim/001.txt"));
        DkimVerifier verifier = new DkimVerifier(v.dns(), InstantSource.fixed(Instant.ofEpochSecond(v.latestTimestamp())));
        assertThat(verifier.verify(MailMessage.parse(v.message()))).extracting(r -> r.info().algorithm())
                .containsExactly("ed25519-sha256", "rsa-sha256");
    }
}
