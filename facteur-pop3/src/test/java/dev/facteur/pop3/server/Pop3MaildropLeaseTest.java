package dev.facteur.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.store.Account;
import dev.facteur.store.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 1939 §8 and RFC 2449 §8.1.2 across processes: two POP3 servers, each over its own store
 * instance on one SQLite data directory (what two processes on one data dir are), lock
 * maildrops through store leases.
 */
class Pop3MaildropLeaseTest {
    static final String USER = "alice@example.test";
    static final String PASSWORD = "correct horse";
    static final Duration TTL = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(Instant.parse("2026-11-26T12:00:00Z"));
    Pop3Fixture first;
    Pop3Fixture second;
    Account alice;

    @BeforeEach
    void start() throws Exception {
        first = Pop3Fixture.withStoreLeases(dir.resolve("store"), clock, TTL);
        second = Pop3Fixture.withStoreLeases(dir.resolve("store"), clock, TTL);
        alice = first.addAccount(USER, PASSWORD);
        first.deliver(alice, "Subject: one\r\n\r\nbody\r\n");
    }

    @AfterEach
    void stop() {
        second.close();
        first.close();
    }

    /** USER and PASS; returns PASS's reply, whatever it is. */
    static String tryLogin(Pop3TestClient c) throws Exception {
        c.send("USER " + USER).expect("+OK");
        return c.send("PASS " + PASSWORD).line();
    }

    @Test
    void aLoginOnTheOtherProcessGetsInUseUntilTheHolderQuits() throws Exception {
        try (Pop3TestClient a = first.connect(); Pop3TestClient b = second.connect()) {
            a.expect("+OK");
            b.expect("+OK");
            assertThat(tryLogin(a)).startsWith("+OK maildrop has 1 messages");
            assertThat(tryLogin(b)).startsWith("-ERR [IN-USE]");
            a.send("QUIT").expect("+OK");
            assertThat(a.closedByServer()).isTrue();
            assertThat(tryLogin(b)).startsWith("+OK maildrop has 1 messages");
        }
    }

    @Test
    void aSecondSessionInTheSameProcessGetsInUseToo() throws Exception {
        try (Pop3TestClient a = first.connect(); Pop3TestClient b = first.connect()) {
            a.expect("+OK");
            b.expect("+OK");
            a.login(USER, PASSWORD);
            assertThat(tryLogin(b)).startsWith("-ERR [IN-USE]");
        }
    }

    @Test
    void aDroppedConnectionReleasesTheLease() throws Exception {
        try (Pop3TestClient a = first.connect()) {
            a.expect("+OK");
            a.login(USER, PASSWORD);
        }
        long inbox = first.inbox(alice).id();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (first.store.leases().holder(StoreMaildropLocks.leaseName(inbox)).isPresent()) {
            assertThat(System.nanoTime()).as("lease released after the drop").isLessThan(deadline);
            Thread.onSpinWait();
        }
        try (Pop3TestClient b = second.connect()) {
            b.expect("+OK");
            assertThat(tryLogin(b)).startsWith("+OK");
        }
    }

    @Test
    void aRenewedLeaseOutlivesItsFirstExpiry() throws Exception {
        try (Pop3TestClient a = first.connect(); Pop3TestClient b = second.connect()) {
            a.expect("+OK");
            b.expect("+OK");
            a.login(USER, PASSWORD);
            for (int i = 0; i < 4; i++) {
                clock.advance(TTL.dividedBy(3));
                ((StoreMaildropLocks) first.maildropLocks).renewHeld();
            }
            assertThat(tryLogin(b)).startsWith("-ERR [IN-USE]");
            a.send("DELE 1").expect("+OK");
            assertThat(a.send("QUIT").line()).startsWith("+OK");
        }
        assertThat(first.store.mailboxes().messages(first.inbox(alice).id())).isEmpty();
    }

    @Test
    void aCrashedHolderBlocksTheMaildropOnlyUntilItsLeaseExpires() throws Exception {
        Pop3Fixture crashed = Pop3Fixture.withStoreLeases(dir.resolve("store"), clock, TTL);
        try (Pop3TestClient a = crashed.connect(); Pop3TestClient b = second.connect()) {
            a.expect("+OK");
            b.expect("+OK");
            a.login(USER, PASSWORD);
            crashed.store.abandon(); // kill -9: no QUIT, no release, no more renewals
            assertThat(tryLogin(b)).startsWith("-ERR [IN-USE]");
            clock.advance(TTL);
            assertThat(tryLogin(b)).startsWith("+OK maildrop has 1 messages");
        } finally {
            crashed.closeListeners();
        }
    }

    @Test
    void aHolderThatLostItsLeaseDeletesNothingAtQuit() throws Exception {
        try (Pop3TestClient a = first.connect(); Pop3TestClient b = second.connect()) {
            a.expect("+OK");
            b.expect("+OK");
            a.login(USER, PASSWORD);
            a.send("DELE 1").expect("+OK");
            clock.advance(TTL); // the first process stalled past its lease
            assertThat(tryLogin(b)).startsWith("+OK maildrop has 1 messages");
            assertThat(a.send("QUIT").line()).startsWith("-ERR [IN-USE]");
        }
        assertThat(first.store.mailboxes().messages(first.inbox(alice).id())).hasSize(1);
    }
}
