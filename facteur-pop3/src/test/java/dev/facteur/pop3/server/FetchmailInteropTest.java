package dev.facteur.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.store.Account;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fetchmail from Debian (scripts/deb/pop3.txt) against the live server: keep messages and
 * fetch only new ones by UIDL, then fetch everything over implicit TLS and delete it.
 */
class FetchmailInteropTest {
    static final String USER = "alice@example.test";
    static final String PASSWORD = "correct horse";

    @TempDir
    Path dir;
    Pop3Fixture fixture;
    Account alice;
    Path fetchmail;

    @BeforeEach
    void start() throws Exception {
        Optional<Path> found = ExternalTool.find("fetchmail");
        Assumptions.assumeTrue(found.isPresent(),
                "fetchmail is not installed (Debian package fetchmail, scripts/deb/pop3.txt): interop test skipped");
        fetchmail = found.get();
        fixture = Pop3Fixture.start(dir.resolve("server"), Pop3Settings.defaults("pop.test", true));
        alice = fixture.addAccount(USER, PASSWORD);
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static String message(int n) {
        return "From: bob@example.test\r\nSubject: fetchmail " + n + "\r\nMessage-ID: <" + n
                + "@example.test>\r\n\r\nbody " + n + "\r\n.\r\n..dotted\r\n";
    }

    /** Runs fetchmail once; returns its exit code (0: mail fetched, 1: no new mail). */
    private int run(String name, InetSocketAddress address, String options, Path idFile, Path outDir)
            throws Exception {
        Path rc = dir.resolve(name + ".fetchmailrc");
        String config = "set no syslog\nset invisible\n"
                + "poll " + address.getAddress().getHostAddress() + " with proto POP3 port " + address.getPort()
                + " auth password uidl timeout 30\n"
                + "  user \"" + USER + "\" there with password \"" + PASSWORD + "\" is \"nobody\" here\n"
                + "  " + options + "\n"
                + "  mda \"/bin/sh -c 'cat > " + outDir + "/msg.$$'\"\n";
        Files.writeString(rc, config);
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------")); // fetchmail insists
        ExternalTool.Result r = ExternalTool.run(List.of(fetchmail.toString(), "-f", rc.toString(), "--idfile",
                idFile.toString(), "--pidfile", dir.resolve(name + ".pid").toString(), "-v"), dir, 120);
        assertThat(r.exitCode()).as("fetchmail output:%n%s%n%s", r.stdout(), r.stderr()).isIn(0, 1);
        return r.exitCode();
    }

    private static List<String> delivered(Path outDir) throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(outDir)) {
            for (Path p : files.sorted().toList()) {
                texts.add(Files.readString(p, StandardCharsets.UTF_8).replace("\r\n", "\n"));
            }
        }
        return texts;
    }

    @Test
    void keepsMessagesAndFetchesOnlyNewOnesByUidl() throws Exception {
        Path out = Files.createDirectory(dir.resolve("out"));
        Path ids = dir.resolve("fetchids");
        fixture.deliver(alice, message(1));
        fixture.deliver(alice, message(2));
        assertThat(run("first", fixture.plainAddress(), "keep sslproto ''", ids, out)).isZero();
        assertThat(delivered(out)).hasSize(2).allSatisfy(m -> assertThat(m).endsWith("\n.\n..dotted\n"));
        assertThat(fixture.store.mailboxes().messages(fixture.inbox(alice).id())).hasSize(2);

        fixture.deliver(alice, message(3));
        assertThat(run("second", fixture.plainAddress(), "keep sslproto ''", ids, out)).isZero();
        List<String> all = delivered(out);
        assertThat(all).hasSize(3);
        assertThat(all).filteredOn(m -> m.contains("Subject: fetchmail 3\n")).hasSize(1);

        assertThat(run("third", fixture.plainAddress(), "keep sslproto ''", ids, out)).as("no new mail").isEqualTo(1);
        assertThat(delivered(out)).hasSize(3);
        assertThat(fixture.store.mailboxes().messages(fixture.inbox(alice).id())).hasSize(3);
    }

    @Test
    void fetchesAndDeletesEverythingOverImplicitTls() throws Exception {
        Path out = Files.createDirectory(dir.resolve("out"));
        for (int i = 1; i <= 3; i++) {
            fixture.deliver(alice, message(i));
        }
        assertThat(run("tls", fixture.tlsAddress(), "nokeep fetchall ssl no sslcertck", dir.resolve("ids"), out))
                .isZero();
        List<String> got = delivered(out);
        assertThat(got).hasSize(3);
        for (int i = 1; i <= 3; i++) {
            String expected = message(i).replace("\r\n", "\n");
            assertThat(got).anySatisfy(m -> assertThat(m).endsWith(expected.substring(expected.indexOf("Subject:"))));
        }
        assertThat(fixture.store.mailboxes().messages(fixture.inbox(alice).id())).isEmpty();
    }
}
