package dev.facteur.auth.arc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dkim.DkimSigningKey;
import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.auth.message.HeaderField;
import dev.facteur.auth.message.MailMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of the ValiMail ARC signing suite (arc-draft-sign-tests.yml): the AAR, AMS and AS
 * Facteur writes equal the expected ones (whitespace aside; RSA signatures are deterministic), and the
 * sealed message validates.
 */
class ArcSigningSuiteTest {

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> everySigningCaseProducesTheExpectedArcSet() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> scenario : ArcValidationSuiteTest.scenarios("arc-draft-sign-tests.yml")) {
            InMemoryDnsResolver dns = ArcValidationSuiteTest.dns(scenario);
            DkimSigningKey key = DkimSigningKey.fromPem(String.valueOf(scenario.get("domain")), String.valueOf(scenario.get("sel")),
                    String.valueOf(scenario.get("privatekey")));
            for (var e : ((Map<String, Object>) scenario.get("tests")).entrySet()) {
                Map<String, Object> c = (Map<String, Object>) e.getValue();
                tests.add(DynamicTest.dynamicTest(e.getKey(), () -> run(dns, key, c)));
            }
        }
        return tests.stream();
    }

    private static void run(InMemoryDnsResolver dns, DkimSigningKey key, Map<String, Object> c) {
        long t = ((Number) c.get("t")).longValue();
        List<String> headers = Arrays.asList(String.valueOf(c.get("sig-headers")).split(":"));
        ArcSealer sealer = new ArcSealer(key, String.valueOf(c.get("srv-id")), InstantSource.fixed(Instant.ofEpochSecond(t)), headers);
        byte[] message = String.valueOf(c.get("message")).replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        ArcSealer.SealResult r = sealer.seal(message, new ArcVerifier(dns));
        if (String.valueOf(c.get("AS")).isBlank()) {
            // The suite expects no new set on a chain already sealed with cv=fail.
            assertThat(r).isInstanceOf(ArcSealer.SealResult.Refused.class);
            return;
        }
        assertThat(r).isInstanceOf(ArcSealer.SealResult.Sealed.class);
        String produced = ((ArcSealer.SealResult.Sealed) r).headers();
        MailMessage sealed = MailMessage.parse(produced.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(compact(value(sealed, "ARC-Authentication-Results"))).isEqualTo(compact(String.valueOf(c.get("AAR"))));
        assertThat(compact(value(sealed, "ARC-Message-Signature"))).isEqualTo(compact(String.valueOf(c.get("AMS"))));
        assertThat(compact(value(sealed, "ARC-Seal"))).isEqualTo(compact(String.valueOf(c.get("AS"))));
        byte[] full = (produced + new String(message, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        ArcResult after = new ArcVerifier(dns).verify(MailMessage.parse(full));
        String cv = ((ArcSealer.SealResult.Sealed) r).cv();
        // A sealed chain validates unless this hop recorded cv=fail.
        assertThat(after.keyword()).as(after.toString()).isEqualTo(cv.equals("fail") ? "fail" : "pass");
    }

    private static String value(MailMessage m, String name) {
        return m.first(name).map(HeaderField::rawValue).orElse("");
    }

    private static String compact(String s) {
        return s.replaceAll("\\s+", "");
    }
}
