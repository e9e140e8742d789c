package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** INTERNALDATE keeps APPEND's zone (RFC 9051 §2.3.3), SAVEDATE (RFC 8514), QUOTA (RFC 9208), APPENDLIMIT (RFC 7889). */
class QuotaAndDatesTest extends ImapServerTest {

    private static final String MESSAGE = "Subject: dates\r\n\r\nbody\r\n";

    @Test
    void appendedInternalDateIsReturnedInItsOwnZoneAndSurvivesCopy() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            c.send("a APPEND INBOX \"14-Jul-2025 08:30:05 +0530\" {" + MESSAGE.length() + "+}\r\n" + MESSAGE + "\r\n");
            assertThat(c.readReply("a").tagged()).startsWith("a OK [APPENDUID");
            c.command("CREATE Kept").expectOk();
            c.command("SELECT INBOX").expectOk();
            assertThat(c.command("FETCH 1 INTERNALDATE").all()).contains("INTERNALDATE \"14-Jul-2025 08:30:05 +0530\"");
            c.command("COPY 1 Kept").expectOk();
            c.command("SELECT Kept").expectOk();
            assertThat(c.command("FETCH 1 INTERNALDATE").all()).contains("INTERNALDATE \"14-Jul-2025 08:30:05 +0530\"");
        }
    }

    @Test
    void internalDateWithoutAZoneFromAppendIsTheServerTimeInUtcAndSaveDateIsSet() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            c.send("a APPEND INBOX {" + MESSAGE.length() + "+}\r\n" + MESSAGE + "\r\n");
            c.readReply("a").expectOk();
            c.command("SELECT INBOX").expectOk();
            String fetched = c.command("FETCH 1 (INTERNALDATE SAVEDATE)").all();
            assertThat(fetched).containsPattern("INTERNALDATE \"\\d\\d-\\w{3}-\\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000\"")
                    .containsPattern("SAVEDATE \"\\d\\d-\\w{3}-\\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000\"");
        }
    }

    @Test
    void setQuotaIsRefusedBecauseUsersCannotSetQuotasAndQuotaSetIsNotAdvertised() throws Exception {
        server.store.directory().setQuota(server.alice.address(), 10 * 1024 * 1024);
        try (ImapTestClient c = server.login("alice")) {
            assertThat(c.command("CAPABILITY").all()).contains(" QUOTA ").doesNotContain("QUOTASET");
            assertThat(c.command("SETQUOTA \"\" (STORAGE 512)").tagged()).contains("NO [NOPERM]");
            assertThat(c.command("SETQUOTA \"other\" (STORAGE 512)").tagged()).contains("NO [NONEXISTENT]");
            c.command("SETQUOTA \"\" (STORAGE)").expectBad();
            assertThat(c.command("GETQUOTA \"\"").all()).contains("* QUOTA \"\" (STORAGE 0 10240)");
        }
    }

    @Test
    void statusAppendLimitAndSizeFollowTheQuota() throws Exception {
        server.store.directory().setQuota(server.alice.address(), 2048);
        try (ImapTestClient c = server.login("alice")) {
            c.send("a APPEND INBOX {" + MESSAGE.length() + "+}\r\n" + MESSAGE + "\r\n");
            c.readReply("a").expectOk();
            String status = c.command("STATUS INBOX (SIZE APPENDLIMIT)").all();
            assertThat(status).contains("SIZE " + MESSAGE.length()).contains("APPENDLIMIT " + (2048 - MESSAGE.length()));
            String big = "Subject: big\r\n\r\n" + "x".repeat(3000) + "\r\n";
            c.send("b APPEND INBOX {" + big.length() + "+}\r\n" + big + "\r\n");
            assertThat(c.readReply("b").tagged()).startsWith("b NO [OVERQUOTA]");
        }
    }
}
