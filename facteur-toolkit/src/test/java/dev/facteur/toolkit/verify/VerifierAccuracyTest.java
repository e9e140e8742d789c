package dev.facteur.toolkit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.toolkit.harness.FakeMailHost;
import dev.facteur.toolkit.harness.FakeMailHost.Behaviour;
import dev.facteur.toolkit.harness.FakeMailHost.Mode;
import dev.facteur.toolkit.harness.LoopbackInternet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The labelled loopback Internet: every case is an address with the verdict and reason a correct
 * verifier must give. All must match; the confusion table and coverage are written to
 * target/verify-confusion.txt.
 */
class VerifierAccuracyTest {

    record Case(String address, Verdict verdict, Reason reason) {
    }

    static final List<Case> CASES = List.of(
            new Case("alice@good.test", Verdict.DELIVERABLE, Reason.MAILBOX_EXISTS),
            new Case("Alice.Smith+news@good.test", Verdict.DELIVERABLE, Reason.MAILBOX_EXISTS),
            new Case("nobody@good.test", Verdict.UNDELIVERABLE, Reason.MAILBOX_NOT_FOUND),
            new Case("full@good.test", Verdict.RISKY, Reason.MAILBOX_FULL),
            new Case("gone@good.test", Verdict.UNDELIVERABLE, Reason.MAILBOX_DISABLED),
            new Case("postmaster@good.test", Verdict.RISKY, Reason.ROLE_ACCOUNT),
            new Case("anyone@catchall.test", Verdict.RISKY, Reason.CATCH_ALL),
            new Case("bob@greylist.test", Verdict.DELIVERABLE, Reason.MAILBOX_EXISTS),
            new Case("nobody@greylist.test", Verdict.UNDELIVERABLE, Reason.MAILBOX_NOT_FOUND),
            new Case("x@nullmx.test", Verdict.UNDELIVERABLE, Reason.NULL_MX),
            new Case("carol@aonly.test", Verdict.DELIVERABLE, Reason.MAILBOX_EXISTS),
            new Case("x@nowhere.test", Verdict.UNDELIVERABLE, Reason.DOMAIN_NOT_FOUND),
            new Case("x@nohost.test", Verdict.UNDELIVERABLE, Reason.NO_MAIL_HOST),
            new Case("x@mxnoaddress.test", Verdict.UNDELIVERABLE, Reason.NO_MAIL_HOST),
            new Case("x@dead.test", Verdict.UNKNOWN, Reason.CONNECTION_FAILED),
            new Case("x@tarpit.test", Verdict.UNKNOWN, Reason.TIMEOUT),
            new Case("x@busy.test", Verdict.UNKNOWN, Reason.TEMPORARY_FAILURE),
            new Case("x@alwaystemp.test", Verdict.UNKNOWN, Reason.TEMPORARY_FAILURE),
            new Case("x@refuser.test", Verdict.UNKNOWN, Reason.CALLOUT_REFUSED),
            new Case("x@endless.test", Verdict.UNKNOWN, Reason.PROTOCOL_ERROR),
            new Case("x@trickle.test", Verdict.UNKNOWN, Reason.TIMEOUT),
            new Case("x@dnsdown.test", Verdict.UNKNOWN, Reason.DNS_TEMPORARY_FAILURE),
            new Case("dave@failover.test", Verdict.DELIVERABLE, Reason.MAILBOX_EXISTS),
            new Case("nobody@failover.test", Verdict.UNDELIVERABLE, Reason.MAILBOX_NOT_FOUND),
            new Case("erin@bücher.test", Verdict.DELIVERABLE, Reason.MAILBOX_EXISTS),
            new Case("erin@xn--bcher-kva.test", Verdict.DELIVERABLE, Reason.MAILBOX_EXISTS),
            new Case("jürgen@utf8.test", Verdict.DELIVERABLE, Reason.MAILBOX_EXISTS),
            new Case("jürgen@noutf8.test", Verdict.UNDELIVERABLE, Reason.SMTPUTF8_UNSUPPORTED),
            new Case("frank@oldserver.test", Verdict.DELIVERABLE, Reason.MAILBOX_EXISTS),
            new Case("someone@mailinator.com", Verdict.RISKY, Reason.DISPOSABLE),
            new Case("not an address", Verdict.UNDELIVERABLE, Reason.INVALID_SYNTAX),
            new Case("a@@b.test", Verdict.UNDELIVERABLE, Reason.INVALID_SYNTAX),
            new Case("x".repeat(65) + "@good.test", Verdict.UNDELIVERABLE, Reason.INVALID_SYNTAX),
            new Case("a@-bad-.test", Verdict.UNDELIVERABLE, Reason.INVALID_SYNTAX),
            new Case("\u0000\u0001@good.test", Verdict.UNDELIVERABLE, Reason.INVALID_SYNTAX));

    static LoopbackInternet net;
    static final List<Duration> pauses = new CopyOnWriteArrayList<>();
    static AddressVerifier verifier;

    @BeforeAll
    static void buildInternet() throws IOException {
        net = new LoopbackInternet();
        var dns = net.dns();
        Behaviour good = new Behaviour(Mode.NORMAL, Set.of("alice", "alice.smith+news", "postmaster", "carol", "dave", "erin", "jürgen", "frank", "someone"),
                Set.of("full"), Set.of("gone"), true);
        net.host("mx.good.test", "127.0.0.2", good);
        dns.mx("good.test", 10, "mx.good.test");
        net.host("mx.catchall.test", "127.0.0.3", Behaviour.of(Mode.CATCH_ALL));
        dns.mx("catchall.test", 10, "mx.catchall.test");
        net.host("mx.greylist.test", "127.0.0.4", Behaviour.of(Mode.GREYLIST, "bob", "carl"));
        dns.mx("greylist.test", 10, "mx.greylist.test");
        dns.mx("nullmx.test", 0, ".");
        net.host("aonly.test", "127.0.0.5", good);
        dns.txt("nohost.test", "v=spf1 -all");
        dns.mx("mxnoaddress.test", 10, "ghost.mxnoaddress.test");
        dns.mx("dead.test", 10, "mx.dead.test").a("mx.dead.test", "127.0.0.250");
        net.host("mx.tarpit.test", "127.0.0.6", Behaviour.of(Mode.TARPIT));
        dns.mx("tarpit.test", 10, "mx.tarpit.test");
        net.host("mx.busy.test", "127.0.0.7", Behaviour.of(Mode.BUSY));
        dns.mx("busy.test", 10, "mx.busy.test");
        net.host("mx.alwaystemp.test", "127.0.0.8", Behaviour.of(Mode.ALWAYS_TEMP));
        dns.mx("alwaystemp.test", 10, "mx.alwaystemp.test");
        net.host("mx.refuser.test", "127.0.0.9", Behaviour.of(Mode.REFUSE_CALLOUTS, "x"));
        dns.mx("refuser.test", 10, "mx.refuser.test");
        net.host("mx.endless.test", "127.0.0.10", Behaviour.of(Mode.ENDLESS));
        dns.mx("endless.test", 10, "mx.endless.test");
        net.host("mx.trickle.test", "127.0.0.13", Behaviour.of(Mode.TRICKLE));
        dns.mx("trickle.test", 10, "mx.trickle.test");
        dns.timeout("dnsdown.test");
        dns.mx("failover.test", 10, "mx1.failover.test").a("mx1.failover.test", "127.0.0.251");
        dns.mx("failover.test", 20, "mx2.failover.test").a("mx2.failover.test", "127.0.0.2");
        dns.mx("xn--bcher-kva.test", 10, "mx.good.test");
        dns.mx("utf8.test", 10, "mx.good.test");
        net.host("mx.noutf8.test", "127.0.0.11", new Behaviour(Mode.NORMAL, Set.of("jürgen"), Set.of(), Set.of(), false));
        dns.mx("noutf8.test", 10, "mx.noutf8.test");
        net.host("mx.oldserver.test", "127.0.0.12", Behaviour.of(Mode.NO_EHLO, "frank"));
        dns.mx("oldserver.test", 10, "mx.oldserver.test");
        dns.mx("mailinator.com", 10, "mx.good.test");
        VerifierConfig config = VerifierConfig.defaults("verifier.test").withPort(net.smtpPort())
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(700), Duration.ofSeconds(3));
        verifier = new AddressVerifier(net.resolver(Duration.ofSeconds(1)), config, AddressLists.shipped(), pauses::add, RandomGenerator.of("L64X128MixRandom"));
    }

    @AfterAll
    static void tearDown() throws IOException {
        net.close();
    }

    @Test
    void everyLabelledAddressGetsItsVerdictAndReasonAndTheConfusionTableIsWritten() throws IOException {
        List<VerificationResult> results = verifier.verifyAll(CASES.stream().map(Case::address).toList(), (i, r) -> { });
        Map<Verdict, Map<Verdict, Integer>> confusion = new EnumMap<>(Verdict.class);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            VerificationResult r = results.get(i);
            confusion.computeIfAbsent(c.verdict(), k -> new EnumMap<>(Verdict.class)).merge(r.verdict(), 1, Integer::sum);
            if (r.verdict() != c.verdict() || r.reason() != c.reason()) {
                mismatches.add(c + " got " + r.verdict() + "/" + r.reason() + " " + r.evidence().stream().map(Evidence::describe).toList());
            }
        }
        Path out = Path.of("target", "verify-confusion.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, ConfusionTable.render(confusion, results));
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aServerTricklingItsGreetingIsCutAtTheSessionLimit() {
        long t0 = System.nanoTime();
        VerificationResult r = verifier.verify("y@trickle.test");
        assertThat(r.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void greylistedAddressIsRetriedOnceAfterTheDelayTheServerAsked() {
        pauses.clear();
        VerificationResult r = verifier.verify("carl@greylist.test");
        assertThat(r.verdict()).isEqualTo(Verdict.DELIVERABLE);
        assertThat(pauses).containsExactly(Duration.ofSeconds(120));
    }

    @Test
    void evidenceShowsTheDnsAnswersAndTheDecidingRcptReply() {
        VerificationResult r = verifier.verify("nobody@good.test");
        assertThat(r.evidence()).contains(new Evidence.Dns("good.test", "MX", "10 mx.good.test"));
        assertThat(r.evidence()).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(Evidence.Smtp.class, s -> {
            assertThat(s.command()).isEqualTo("RCPT TO:<nobody@good.test>");
            assertThat(s.code()).isEqualTo(550);
            assertThat(s.enhancedStatus()).isEqualTo("5.1.1");
        }));
    }

    @Test
    void catchAllIsDetectedWithARandomLocalPartAndNeverSendsData() {
        VerificationResult r = verifier.verify("anyone@catchall.test");
        assertThat(r.catchAll()).isTrue();
        assertThat(r.evidence()).filteredOn(e -> e instanceof Evidence.Smtp s && s.command().startsWith("RCPT TO:<x"))
                .hasSize(1);
        assertThat(r.evidence()).noneMatch(e -> e instanceof Evidence.Smtp s && s.command().startsWith("DATA"));
    }
}
