package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Connections, commands by name and status, and authentication results are counted. */
class ImapMetricsTest extends ImapServerTest {

    @Test
    void connectionsCommandsAndLoginResultsAreCounted() throws Exception {
        try (ImapTestClient c = server.connect()) {
            c.readLine();
            c.command("LOGIN alice@example.com wrong").expectNo();
            c.command("LOGIN alice@example.com " + ImapTestServer.PASSWORD).expectOk();
            c.command("NOOP").expectOk();
            c.command("SELECT Nowhere").expectNo();
            c.command("LOGOUT").expectOk();
        }
        var m = server.metrics;
        assertThat(m.get("facteur.imap.connections").counter().count()).isEqualTo(1);
        assertThat(m.get("facteur.imap.auth").tag("result", "failure").counter().count()).isEqualTo(1);
        assertThat(m.get("facteur.imap.auth").tag("result", "success").counter().count()).isEqualTo(1);
        assertThat(m.get("facteur.imap.commands").tag("command", "noop").tag("status", "OK").counter().count())
                .isEqualTo(1);
        assertThat(m.get("facteur.imap.commands").tag("command", "select").tag("status", "NO").counter().count())
                .isEqualTo(1);
    }
}
