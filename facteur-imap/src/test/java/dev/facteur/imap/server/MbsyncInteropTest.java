package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mbsync (Debian's isync) syncs a mailbox both ways over STARTTLS, then again after changes on
 * each side.
 */
class MbsyncInteropTest {

    @TempDir
    Path dir;

    @Test
    void mbsyncSyncsBothWaysAndThenPropagatesChangesFromEachSide() throws Exception {
        Assumptions.assumeTrue(mbsyncAvailable(), "mbsync (Debian package isync) is not installed; skipping");
        try (ImapTestServer server = new ImapTestServer(dir.resolve("server"))) {
            TranscriptTest.seed(server);
            Path maildir = dir.resolve("maildir");
            Files.createDirectories(maildir);
            Path config = writeConfig(server, maildir);

            sync(config);
            assertThat(files(maildir.resolve("INBOX"))).hasSize(3);

            // Local side: a new message, a message marked seen, a new folder.
            Path localNew = maildir.resolve("INBOX/new");
            Files.writeString(localNew.resolve("1700000000.local1.host"), "Subject: from maildir\r\n\r\nlocal\r\n");
            // the message with UID 1, which the server side leaves alone
            Path someMessage = files(maildir.resolve("INBOX")).stream()
                    .filter(p -> content(p).contains("Subject: IMAP4rev1 WG mtg summary")).findFirst().orElseThrow();
            Path seen = someMessage.getParent().getParent().resolve("cur").resolve(baseName(someMessage) + ":2,S");
            Files.move(someMessage, seen);
            Path localFolder = maildir.resolve("Local");
            for (String sub : List.of("cur", "new", "tmp")) {
                Files.createDirectories(localFolder.resolve(sub));
            }
            Files.writeString(localFolder.resolve("new/1700000001.local2.host"), "Subject: local folder\r\n\r\nx\r\n");

            // Server side: a new message, a flag, an expunge.
            try (ImapTestClient c = server.login("alice")) {
                c.command("SELECT INBOX").expectOk();
                c.send("a APPEND INBOX {29+}\r\nSubject: from server\r\n\r\nsrv\r\n\r\n");
                c.readReply("a").expectOk();
                c.command("UID STORE 3 +FLAGS (\\Flagged)").expectOk();
                c.command("UID STORE 2 +FLAGS (\\Deleted)").expectOk();
                c.command("UID EXPUNGE 2").expectOk();
            }

            sync(config);

            try (ImapTestClient c = server.login("alice")) {
                c.command("SELECT INBOX").expectOk();
                ImapTestClient.Reply subjects = c.command("FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])").expectOk();
                assertThat(subjects.all()).contains("Subject: from maildir", "Subject: from server").contains("\\Seen");
                assertThat(c.command("STATUS INBOX (MESSAGES)").untagged().getFirst()).contains("MESSAGES 4");
                assertThat(c.command("STATUS Local (MESSAGES)").expectOk().untagged().getFirst()).contains("MESSAGES 1");
            }
            List<Path> local = files(maildir.resolve("INBOX"));
            assertThat(local).hasSize(4);
            assertThat(local.stream().map(MbsyncInteropTest::content)).anyMatch(s -> s.contains("Subject: from server"))
                    .noneMatch(s -> s.contains("Subject: Re: =?UTF-8?B?Q2Fmw6k=?= menu")); // UID 2 expunged
            assertThat(local.stream().map(Path::toString)).anyMatch(s -> s.matches(".*:2,[A-Z]*F[A-Z]*$"));
        }
    }

    private static String baseName(Path p) {
        String n = p.getFileName().toString();
        int colon = n.indexOf(':');
        return colon < 0 ? n : n.substring(0, colon);
    }

    private static String content(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path writeConfig(ImapTestServer server, Path maildir) throws IOException {
        Path cert = dir.resolve("server/tls").toFile().listFiles((d, n) -> n.contains("cert") || n.endsWith(".crt")
                || n.endsWith(".pem") && !n.contains("key"))[0].toPath();
        String conf = String.join("\n",
                "IMAPAccount facteur",
                "Host 127.0.0.1",
                "Port " + server.port(),
                "User alice@example.com",
                "Pass " + ImapTestServer.PASSWORD,
                "SSLType STARTTLS",
                "CertificateFile " + cert,
                "",
                "IMAPStore remote",
                "Account facteur",
                "",
                "MaildirStore local",
                "Path " + maildir + "/",
                "Inbox " + maildir.resolve("INBOX"),
                "SubFolders Verbatim",
                "",
                "Channel sync",
                "Far :remote:",
                "Near :local:",
                "Patterns INBOX Local",
                "Create Both",
                "Expunge Both",
                "SyncState *",
                "");
        Path config = dir.resolve("mbsyncrc");
        Files.writeString(config, conf);
        return config;
    }

    private void sync(Path config) throws Exception {
        Process p = new ProcessBuilder("mbsync", "-c", config.toString(), "-a").redirectErrorStream(true).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("mbsync finished: %s", out).isTrue();
        assertThat(p.exitValue()).as("mbsync output:%n%s", out).isZero();
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString().matches("cur|new"))
                    .toList();
        }
    }

    static boolean mbsyncAvailable() {
        try {
            Process p = new ProcessBuilder("mbsync", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
