package dev.facteur.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.store.Account;
import dev.facteur.store.Appended;
import dev.facteur.store.ChangeBus;
import dev.facteur.store.ChangeEvent;
import dev.facteur.store.Mailbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The maildrop semantics of RFC 1939 against the real store, over a live loopback listener. */
class Pop3SessionTest {
    static final String USER = "alice@example.test";
    static final String PASSWORD = "correct horse";
    static final String FIRST = "From: bob@example.test\r\nSubject: one\r\n\r\nHello.\r\n.\r\n..two dots\r\n.\r\nend\r\n";
    static final String SECOND = "Subject: two\r\n\r\nline 1\r\nline 2\r\nline 3\r\n";

    @TempDir
    Path dir;
    Pop3Fixture fixture;
    Account alice;

    @BeforeEach
    void start() throws Exception {
        fixture = Pop3Fixture.start(dir);
        alice = fixture.addAccount(USER, PASSWORD);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void retrReturnsTheStoredOctetsExactlyWithTheirCount() throws Exception {
        fixture.deliver(alice, FIRST);
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            assertThat(c.login(USER, PASSWORD)).isEqualTo("+OK maildrop has 1 messages (" + FIRST.length() + " octets)");
            assertThat(c.send("STAT").line()).isEqualTo("+OK 1 " + FIRST.length());
            assertThat(c.send("LIST 1").line()).isEqualTo("+OK 1 " + FIRST.length());
            assertThat(c.send("RETR 1").line()).isEqualTo("+OK " + FIRST.length() + " octets");
            byte[] body = c.bodyOctets();
            assertThat(new String(body, StandardCharsets.US_ASCII)).isEqualTo(FIRST);
            assertThat(body).hasSize(FIRST.length());
        }
    }

    @Test
    void sizesAreExactForAMessageStoredWithBareLineFeeds() throws Exception {
        String stored = "Subject: lf\n\nline one\n.dot\nlast";
        String wire = "Subject: lf\r\n\r\nline one\r\n.dot\r\nlast\r\n";
        fixture.deliver(alice, FIRST);
        fixture.deliver(alice, stored);
        long total = FIRST.length() + wire.length();
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            assertThat(c.login(USER, PASSWORD)).isEqualTo("+OK maildrop has 2 messages (" + total + " octets)");
            assertThat(c.send("STAT").line()).isEqualTo("+OK 2 " + total);
            assertThat(c.send("LIST 2").line()).isEqualTo("+OK 2 " + wire.length());
            c.send("LIST").expect("+OK");
            assertThat(c.body()).containsExactly("1 " + FIRST.length(), "2 " + wire.length());
            assertThat(c.send("RETR 2").line()).isEqualTo("+OK " + wire.length() + " octets");
            byte[] body = c.bodyOctets();
            assertThat(new String(body, StandardCharsets.US_ASCII)).isEqualTo(wire);
            assertThat(body).hasSize(wire.length());
        }
    }

    @Test
    void stuffedLinesAreSentWithAnExtraDot() throws Exception {
        fixture.deliver(alice, FIRST);
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.login(USER, PASSWORD);
            c.send("RETR 1").expect("+OK");
            List<String> raw = List.of(c.line(), c.line(), c.line(), c.line(), c.line(), c.line(), c.line(),
                    c.line(), c.line());
            assertThat(raw).containsExactly("From: bob@example.test", "Subject: one", "", "Hello.", "..",
                    "...two dots", "..", "end", ".");
        }
    }

    @Test
    void maildropIsTheSnapshotTakenAtLogin() throws Exception {
        fixture.deliver(alice, FIRST);
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.login(USER, PASSWORD);
            fixture.deliver(alice, SECOND);
            assertThat(c.send("STAT").line()).isEqualTo("+OK 1 " + FIRST.length());
            assertThat(c.send("RETR 2").line()).startsWith("-ERR");
            c.send("QUIT").expect("+OK");
        }
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.login(USER, PASSWORD);
            assertThat(c.send("STAT").line()).isEqualTo("+OK 2 " + (FIRST.length() + SECOND.length()));
        }
    }

    @Test
    void deleMarksRsetUnmarksAndQuitExpungesThroughTheChangeLog() throws Exception {
        Appended first = fixture.deliver(alice, FIRST);
        Appended second = fixture.deliver(alice, SECOND);
        Mailbox inbox = fixture.inbox(alice);
        List<ChangeEvent> events = new CopyOnWriteArrayList<>();
        try (ChangeBus.Subscription sub = fixture.store.changes().subscribe(alice.id(), events::add);
             Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.login(USER, PASSWORD);
            assertThat(c.send("DELE 1").line()).isEqualTo("+OK message 1 deleted");
            assertThat(c.send("DELE 1").line()).isEqualTo("-ERR message 1 already deleted");
            assertThat(c.send("STAT").line()).isEqualTo("+OK 1 " + SECOND.length());
            assertThat(c.send("LIST").line()).startsWith("+OK 1 messages");
            assertThat(c.body()).containsExactly("2 " + SECOND.length());
            assertThat(c.send("RSET").line()).isEqualTo("+OK maildrop has 2 messages (" + (FIRST.length()
                    + SECOND.length()) + " octets)");
            c.send("DELE 2").expect("+OK");
            assertThat(fixture.store.mailboxes().messages(inbox.id())).hasSize(2); // nothing removed before QUIT
            assertThat(c.send("QUIT").line()).isEqualTo("+OK Facteur POP3 server signing off (1 messages left)");
            assertThat(c.closedByServer()).isTrue();
            // What an IDLE session is woken by: the Expunged event, published after commit on the bus
            // thread; wait for it while still subscribed.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (events.stream().noneMatch(e -> e instanceof ChangeEvent.Expunged)) {
                assertThat(System.nanoTime()).as("expunge event published").isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
        assertThat(fixture.store.mailboxes().messages(inbox.id())).extracting(m -> m.uid()).containsExactly(first.uid());
        // What an IMAP session on the INBOX reads: the expunge in the change log (QRESYNC VANISHED).
        assertThat(fixture.store.mailboxes().expungedSince(inbox.id(), second.modSeq())).containsExactly(second.uid());
        assertThat(events).anySatisfy(e -> assertThat(e).isEqualTo(new ChangeEvent.Expunged(alice.id(), inbox.id(),
                second.uid(), e.modSeq())));
    }

    @Test
    void droppedConnectionDeletesNothing() throws Exception {
        fixture.deliver(alice, FIRST);
        Mailbox inbox = fixture.inbox(alice);
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.login(USER, PASSWORD);
            c.send("DELE 1").expect("+OK");
        }
        awaitUnlocked(inbox.id());
        assertThat(fixture.store.mailboxes().messages(inbox.id())).hasSize(1);
    }

    @Test
    void secondLoginOnTheSameMaildropGetsInUse() throws Exception {
        fixture.deliver(alice, FIRST);
        try (Pop3TestClient first = fixture.connect(); Pop3TestClient second = fixture.connect()) {
            first.expect("+OK");
            second.expect("+OK");
            first.login(USER, PASSWORD);
            second.send("USER " + USER).expect("+OK");
            assertThat(second.send("PASS " + PASSWORD).line()).startsWith("-ERR [IN-USE]");
            first.send("QUIT").expect("+OK");
            assertThat(first.closedByServer()).isTrue();
            awaitUnlocked(fixture.inbox(alice).id());
            assertThat(second.login(USER, PASSWORD)).startsWith("+OK maildrop has 1 messages");
        }
    }

    @Test
    void uidlIsUidValidityDotUidStableAcrossSessionsAndNeverReused() throws Exception {
        Appended a = fixture.deliver(alice, FIRST);
        Appended b = fixture.deliver(alice, SECOND);
        String uidA = a.uidValidity() + "." + a.uid();
        String uidB = b.uidValidity() + "." + b.uid();
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.login(USER, PASSWORD);
            c.send("UIDL").expect("+OK");
            assertThat(c.body()).containsExactly("1 " + uidA, "2 " + uidB);
            assertThat(c.send("UIDL 2").line()).isEqualTo("+OK 2 " + uidB);
            c.send("DELE 1").expect("+OK");
            c.send("QUIT").expect("+OK");
        }
        Appended later = fixture.deliver(alice, FIRST); // the same bytes again: a new message, a new UIDL
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.login(USER, PASSWORD);
            c.send("UIDL").expect("+OK");
            List<String> lines = c.body();
            assertThat(lines).containsExactly("1 " + uidB, "2 " + later.uidValidity() + "." + later.uid());
            assertThat(lines.get(1)).doesNotEndWith(" " + uidA);
            assertThat(lines).allSatisfy(l -> assertThat(l.substring(l.indexOf(' ') + 1)).matches("[\\x21-\\x7e]{1,70}"));
        }
    }

    @Test
    void topSendsHeadersBlankLineAndTheRequestedLines() throws Exception {
        fixture.deliver(alice, SECOND);
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.login(USER, PASSWORD);
            c.send("TOP 1 2").expect("+OK");
            assertThat(c.body()).containsExactly("Subject: two", "", "line 1", "line 2");
            c.send("TOP 1 0").expect("+OK");
            assertThat(c.body()).containsExactly("Subject: two", "");
            c.send("TOP 1 100").expect("+OK");
            assertThat(c.body()).containsExactly("Subject: two", "", "line 1", "line 2", "line 3");
        }
    }

    @Test
    void quitReportsAStoreFailureAndKeepsTheMessages() throws Exception {
        fixture.deliver(alice, FIRST);
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.login(USER, PASSWORD);
            c.send("DELE 1").expect("+OK");
            fixture.store.close(); // the database goes away between DELE and QUIT
            // RFC 1939 §6: a failed UPDATE says so; nothing of the exception reaches the client
            assertThat(c.send("QUIT").line()).isEqualTo("-ERR [SYS/TEMP] some deleted messages not removed");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void quitBeforeLoginJustCloses() throws Exception {
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            assertThat(c.send("QUIT").line()).isEqualTo("+OK Facteur POP3 server signing off");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    void awaitUnlocked(long mailboxId) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (fixture.locks.isLocked(mailboxId)) {
            assertThat(System.nanoTime()).as("maildrop lock released").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
