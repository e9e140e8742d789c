package dev.facteur.imap.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh IMAP test server (SQLite store, accounts alice and bob) for each test of a subclass. */
abstract class ImapServerTest {
    @TempDir
    Path dir;
    ImapTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ImapTestServer(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** APPENDs a message to INBOX with a non-synchronising literal and expects OK. */
    static void append(ImapTestClient c, String tag, String message) throws Exception {
        c.send(tag + " APPEND INBOX {" + message.length() + "+}\r\n" + message + "\r\n");
        c.readReply(tag).expectOk();
    }
}
