package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.search.SubjectTerm;
import org.eclipse.angus.mail.imap.IMAPFolder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Angus Mail (Jakarta Mail's IMAP provider) against the live server: a client nobody here wrote. */
class AngusMailInteropTest {

    @TempDir
    Path dir;
    ImapTestServer server;
    Session session;

    @BeforeEach
    void start() throws Exception {
        server = new ImapTestServer(dir);
        Properties p = new Properties();
        p.setProperty("mail.imap.host", "127.0.0.1");
        p.setProperty("mail.imap.port", String.valueOf(server.port()));
        p.setProperty("mail.imap.timeout", "20000");
        p.setProperty("mail.imap.connectiontimeout", "20000");
        session = Session.getInstance(p);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Store connect() throws Exception {
        Store store = session.getStore("imap");
        store.connect("alice@example.com", ImapTestServer.PASSWORD);
        return store;
    }

    private MimeMessage message(String subject, String text) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("bob@example.com", "Bob Ünïcode", "UTF-8"));
        m.setRecipients(Message.RecipientType.TO, "alice@example.com");
        m.setSubject(subject, "UTF-8");
        MimeBodyPart body = new MimeBodyPart();
        body.setText(text, "UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setContent(new byte[] {0, 1, 2, 3}, "application/octet-stream");
        attachment.setFileName("data.bin");
        m.setContent(new MimeMultipart(body, attachment));
        m.saveChanges();
        return m;
    }

    @Test
    void foldersAppendFetchSearchFlagsCopyAndMove() throws Exception {
        try (Store store = connect()) {
            Folder work = store.getFolder("Work");
            assertThat(work.create(Folder.HOLDS_MESSAGES)).isTrue();
            assertThat(Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName))
                    .contains("INBOX", "Work", "Sent", "Trash");
            Folder inbox = store.getFolder("INBOX");
            inbox.appendMessages(new Message[] {message("Grüße aus Java", "Hallo Welt"), message("second", "zwei")});
            inbox.open(Folder.READ_WRITE);
            assertThat(inbox.getMessageCount()).isEqualTo(2);
            Message first = inbox.getMessage(1);
            assertThat(first.getSubject()).isEqualTo("Grüße aus Java");
            assertThat(((InternetAddress) first.getFrom()[0]).getPersonal()).isEqualTo("Bob Ünïcode");
            MimeMultipart content = (MimeMultipart) first.getContent();
            assertThat(content.getCount()).isEqualTo(2);
            assertThat(content.getBodyPart(0).getContent()).isEqualTo("Hallo Welt");
            assertThat(content.getBodyPart(1).getFileName()).isEqualTo("data.bin");
            assertThat(content.getBodyPart(1).getInputStream().readAllBytes()).containsExactly(0, 1, 2, 3);
            assertThat(inbox.search(new SubjectTerm("grüße"))).extracting(Message::getMessageNumber).containsExactly(1);
            first.setFlag(Flags.Flag.FLAGGED, true);
            assertThat(inbox.getMessage(1).isSet(Flags.Flag.FLAGGED)).isTrue();
            inbox.copyMessages(new Message[] {first}, work);
            ((IMAPFolder) inbox).moveMessages(new Message[] {inbox.getMessage(2)}, work);
            inbox.close(true);
            assertThat(store.getFolder("INBOX").getMessageCount()).isEqualTo(1); // STATUS on a closed folder
            assertThat(work.getMessageCount()).isEqualTo(2);
            work.open(Folder.READ_ONLY);
            assertThat(work.getMessage(2).getSubject()).isEqualTo("second");
            assertThat(work.getMessage(1).isSet(Flags.Flag.FLAGGED)).isTrue();
            work.close(false);
        }
    }

    @Test
    void idleNotifiesOfMailAppendedByAnotherConnection() throws Exception {
        try (Store idler = connect(); Store writer = connect()) {
            IMAPFolder inbox = (IMAPFolder) idler.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            CountDownLatch arrived = new CountDownLatch(1);
            inbox.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    arrived.countDown();
                }
            });
            Thread idle = Thread.ofVirtual().start(() -> {
                try {
                    inbox.idle(true);
                } catch (Exception e) {
                    // the folder is closed at the end of the test
                }
            });
            // wait until the IDLE command is on the wire, then deliver
            Folder target = writer.getFolder("INBOX");
            for (int i = 0; i < 100 && arrived.getCount() > 0; i++) {
                target.appendMessages(new Message[] {message("ping " + i, "x")});
                if (arrived.await(1, TimeUnit.SECONDS)) {
                    break;
                }
            }
            assertThat(arrived.getCount()).as("IDLE reported the new message").isZero();
            idle.join(TimeUnit.SECONDS.toMillis(20));
            inbox.close(false);
        }
    }
}
