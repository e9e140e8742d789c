package dev.facteur.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.ChangeEvent;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.Store;
import dev.facteur.store.TestStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryTest {
    @TempDir
    Path dir;

    private Store store;
    private StoreView view;
    private TestSmtpServer server;

    @BeforeEach
    void start() throws IOException {
        store = TestStores.sqlite(dir.resolve("store"));
        view = new StoreView(store);
        server = TestSmtpServer.start(dir, store);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private void sendMx(String from, List<String> rcpts, String message) throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<" + from + ">").expect("250");
            for (String r : rcpts) {
                c.send("RCPT TO:<" + r + ">").expect("250");
            }
            c.send("DATA").expect("354").raw(message + ".\r\n").expect("250 2.0.0");
        }
    }

    @Test
    void aMessageLandsInInboxWithReturnPathAndReceivedAndAChangeEvent() throws Exception {
        java.util.concurrent.BlockingQueue<ChangeEvent> events = view.events(TestSmtpServer.ALICE);
        sendMx("sender@remote.test", List.of("alice@example.com"), "Subject: hi\r\n\r\n..dot\r\n");
        List<byte[]> inbox = view.inbox(TestSmtpServer.ALICE);
        assertThat(inbox).hasSize(1);
        String m = text(inbox.getFirst());
        assertThat(m).startsWith("Return-Path: <sender@remote.test>\r\nReceived: from client.test ([127.0.0.1])\r\n"
                + "\tby mx.example.com (Facteur) with ESMTP id ");
        assertThat(m).endsWith("\r\nSubject: hi\r\n\r\n.dot\r\n");
        assertThat(events.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(ChangeEvent.MessageAdded.class);
        assertThat(view.records(TestSmtpServer.ALICE).getFirst().summary()).isNotEmpty();
    }

    @Test
    void theReceivedHeaderRecordsTlsVersionAndCipher() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("STARTTLS").expect("220 2.0.0").startTls().ehlo()
                    .send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<bob@example.com>").expect("250")
                    .send("DATA").expect("354").raw("Subject: tls\r\n\r\nx\r\n.\r\n").expect("250");
        }
        String m = text(view.inbox(TestSmtpServer.BOB).getFirst());
        assertThat(m).containsPattern("with ESMTPS id \\w+\r\n\ttls TLS_AES_\\w+ \\(TLSv1\\.3\\);");
    }

    @Test
    void aliasesExpandToEveryTargetOnce() throws IOException {
        sendMx("s@remote.test", List.of("sales@example.com", "alice@example.com"), "Subject: a\r\n\r\nx\r\n");
        assertThat(view.inbox(TestSmtpServer.ALICE)).hasSize(1);
        assertThat(view.inbox(TestSmtpServer.BOB)).hasSize(1);
    }

    @Test
    void subAddressesGoToTheInbox() throws IOException {
        sendMx("s@remote.test", List.of("alice+lists@example.com"), "Subject: tag\r\n\r\nx\r\n");
        assertThat(view.inbox(TestSmtpServer.ALICE)).hasSize(1);
    }

    @Test
    void theCatchAllTakesUnknownUsersOfItsDomain() throws IOException {
        sendMx("s@remote.test", List.of("whoever@example.net"), "Subject: c\r\n\r\nx\r\n");
        assertThat(view.inbox(TestSmtpServer.BOB)).hasSize(1);
    }

    @Test
    void aForwardingAliasQueuesTheMessageWithTheOriginalRecipient() throws IOException {
        sendMx("s@remote.test", List.of("fwd@example.com"), "Subject: f\r\n\r\nx\r\n");
        OutboundMessage q = view.queued().getFirst();
        assertThat(q.recipients().getFirst().address()).isEqualTo("carol@remote.test");
        assertThat(q.recipients().getFirst().orcpt()).contains("rfc822;fwd@example.com");
        assertThat(q.sender()).contains("s@remote.test");
    }

    @Test
    void anUnknownLocalUserGets550And511() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<nobody@example.com>").expect("550 5.1.1");
        }
    }

    @Test
    void aRecipientOverQuotaGets452And422() throws IOException {
        sendMx("s@remote.test", List.of("bob@example.com"), "Subject: fill\r\n\r\n" + "x".repeat(900) + "\r\n");
        store.directory().setQuota(TestSmtpServer.BOB, 100);
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<bob@example.com>").expect("452 4.2.2");
        }
    }

    @Test
    void aMessageThatWouldExceedTheQuotaGets452At422AfterData() throws IOException {
        store.directory().setQuota(TestSmtpServer.BOB, 500);
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<bob@example.com>").expect("250")
                    .send("DATA").expect("354").raw("Subject: big\r\n\r\n" + "z".repeat(900) + "\r\n.\r\n")
                    .expect("452 4.2.2");
        }
        assertThat(view.inbox(TestSmtpServer.BOB)).isEmpty();
    }

    @Test
    void tooManyReceivedHeadersIsALoop() throws IOException {
        String hops = "Received: from a by b; Thu, 1 Jan 2026 00:00:00 +0000\r\n".repeat(51);
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<alice@example.com>").expect("250")
                    .send("DATA").expect("354").raw(hops + "Subject: loop\r\n\r\nx\r\n.\r\n").expect("554 5.4.6");
        }
        assertThat(view.inbox(TestSmtpServer.ALICE)).isEmpty();
    }

    @Test
    void aStoreFailureGets451AndNothingIsAcknowledged() throws IOException {
        FakeStore failing = new FakeStore();
        failing.failWrites = true;
        server.close();
        server = TestSmtpServer.start(dir, failing);
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<alice@example.com>").expect("250")
                    .send("DATA").expect("354").raw("Subject: x\r\n\r\nx\r\n.\r\n").expect("451 4.3.0");
        }
    }

    @Test
    void internationalisedAddressesAreAcceptedStoredAndQueuedIntact() throws IOException {
        store.directory().addAccount(EmailAddress.parse("jösé@example.com"), "$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<δοκιμή@παράδειγμα.δοκιμή> SMTPUTF8").expect("250")
                    .send("RCPT TO:<jösé@example.com>").expect("250 2.1.5")
                    .send("RCPT TO:<fwd@example.com>").expect("250 2.1.5")
                    .send("DATA").expect("354").raw("Subject: ünï\r\n\r\nx\r\n.\r\n").expect("250");
        }
        String m = text(view.inbox(EmailAddress.parse("jösé@example.com")).getFirst());
        assertThat(m).startsWith("Return-Path: <δοκιμή@παράδειγμα.δοκιμή>\r\n").contains("with UTF8SMTP id");
        assertThat(view.queued().getFirst().sender()).contains("δοκιμή@παράδειγμα.δοκιμή");
        assertThat(view.queued().getFirst().smtpUtf8()).isTrue();
    }

    @Test
    void aNonAsciiAddressWithoutSmtpUtf8Gets553() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<δοκιμή@example.com>").expect("553 5.6.7")
                    .send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<jösé@example.com>").expect("553 5.6.7");
        }
    }

    @Test
    void submittedMailToRemoteRecipientsIsQueuedWithItsDsnParameters() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connectTls(server.submissions())) {
            c.expect("220").ehlo().send("AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAGFsaWNlLXB3").expect("235")
                    .send("MAIL FROM:<alice@example.com> RET=FULL ENVID=QQ314159 REQUIRETLS").expect("250")
                    .send("RCPT TO:<carol@remote.test> NOTIFY=DELAY,FAILURE ORCPT=rfc822;carol@remote.test").expect("250")
                    .send("RCPT TO:<bob@example.com>").expect("250")
                    .send("DATA").expect("354").raw("Subject: out\r\n\r\nx\r\n.\r\n").expect("250");
        }
        OutboundMessage q = view.queued().getFirst();
        assertThat(q.ret()).contains("FULL");
        assertThat(q.envId()).contains("QQ314159");
        assertThat(q.requireTls()).isTrue();
        assertThat(q.recipients()).hasSize(1);
        assertThat(q.recipients().getFirst().notifyOn()).contains("DELAY,FAILURE");
        assertThat(q.recipients().getFirst().orcpt()).contains("rfc822;carol@remote.test");
        String queued = text(store.blobs().read(q.blob()));
        assertThat(queued).startsWith("Received: from client.test").contains("with ESMTPSA id").doesNotContain("Return-Path");
        assertThat(view.inbox(TestSmtpServer.BOB)).hasSize(1);
    }

    @Test
    void aSubAddressOfTheAccountIsAnOwnedSender() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connectTls(server.submissions())) {
            c.expect("220").ehlo().send("AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAGFsaWNlLXB3").expect("235")
                    .send("MAIL FROM:<alice+shop@example.com>").expect("250")
                    .send("RSET").expect("250")
                    .send("MAIL FROM:<carol@remote.test>").expect("550 5.7.1");
        }
    }

    @Test
    void theNullSenderGetsAnEmptyReturnPath() throws IOException {
        sendMx("", List.of("alice@example.com"), "Subject: bounce\r\n\r\nx\r\n");
        assertThat(text(view.inbox(TestSmtpServer.ALICE).getFirst())).startsWith("Return-Path: <>\r\n");
    }

    @Test
    void postmasterWithoutDomainIsAccepted() throws IOException {
        store.directory().addDomain(dev.facteur.core.mail.Domain.of("mx.example.com"));
        store.directory().addAccount(EmailAddress.parse("postmaster@mx.example.com"), "$argon2id$x");
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<Postmaster>").expect("250 2.1.5");
        }
        assertThat(view.inbox(EmailAddress.parse("postmaster@mx.example.com"))).isEmpty(); // nothing sent yet
    }
}
