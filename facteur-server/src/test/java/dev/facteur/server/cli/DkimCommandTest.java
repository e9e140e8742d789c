package dev.facteur.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dkim.DkimKeyRecord;
import dev.facteur.core.config.ConfigLoader;
import dev.facteur.core.mail.Domain;
import dev.facteur.server.StoreAccess;
import dev.facteur.smtp.server.auth.DkimKeyStore;
import dev.facteur.smtp.server.auth.DkimKeyStore.StoredKey;
import dev.facteur.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DkimCommandTest {
    @TempDir
    Path dir;

    private Path config;
    private Instant now = Instant.parse("2026-11-26T20:00:00Z");

    @BeforeEach
    void setUp() throws Exception {
        config = Files.writeString(dir.resolve("facteur.toml"), "data_dir = \"data\"\n");
        assertThat(run("domain", "add", "example.com").status()).isZero();
    }

    /** Runs {@code facteur admin --config F ARGS}, with dkim registered under admin as the lead will do. */
    private CliTest.Result run(String... args) {
        CommandLine cl = FacteurCommand.commandLine();
        CommandLine admin = cl.getSubcommands().get("admin");
        if (!admin.getSubcommands().containsKey("dkim")) {
            DkimCommand dkim = new DkimCommand();
            dkim.clock = () -> now;
            admin.addSubcommand(dkim);
        } else {
            ((DkimCommand) admin.getSubcommands().get("dkim").getCommand()).clock = () -> now;
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 3];
        full[0] = "admin";
        full[1] = "--config";
        full[2] = config.toString();
        System.arraycopy(args, 0, full, 3, args.length);
        int status = cl.execute(full);
        return new CliTest.Result(status, out.toString(), err.toString());
    }

    private List<StoredKey> stored() throws Exception {
        try (Store store = StoreAccess.open(ConfigLoader.load(config))) {
            return new DkimKeyStore(store.settings()).keys("example.com");
        }
    }

    @Test
    void generateStoresAnRsaAndAnEd25519KeyAndPrintsTheirRecords() throws Exception {
        CliTest.Result r = run("dkim", "generate", "--domain", "Example.com");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("202611r").contains("202611e").contains("rsa-sha256").contains("ed25519-sha256")
                .contains("202611r._domainkey.example.com. 3600 IN TXT \"v=DKIM1; k=rsa; p=")
                .contains("202611e._domainkey.example.com. 3600 IN TXT \"v=DKIM1; k=ed25519; p=");
        List<StoredKey> keys = stored();
        assertThat(keys).hasSize(2).allMatch(StoredKey::active);
        for (StoredKey k : keys) {
            // The printed record is one the library's own parser accepts, for the stored key.
            assertThat(DkimKeyRecord.parse(k.txtRecord())).isNotNull();
            assertThat(k.signingKey().algorithm()).isEqualTo(k.algorithm());
            assertThat(r.out()).contains(k.publicKeyBase64().substring(0, 40));
        }
    }

    @Test
    void generateWithASelectorPrefixAndRefusesToOverwrite() throws Exception {
        assertThat(run("dkim", "generate", "--domain", "example.com", "--selector", "mail").out())
                .contains("mailr._domainkey.example.com.").contains("maile._domainkey.example.com.");
        CliTest.Result again = run("dkim", "generate", "--domain", "example.com", "--selector", "mail");
        assertThat(again.status()).isNotZero();
        assertThat(again.err().strip().lines()).hasSize(1);
        assertThat(again.err()).contains("already exists");
        assertThat(stored()).hasSize(2);
    }

    @Test
    void rotateActivatesANewPairAndKeepsTheOldOnesInactiveUntilTheGracePeriodEnds() throws Exception {
        run("dkim", "generate", "--domain", "example.com");
        now = now.plusSeconds(3600);
        CliTest.Result r = run("dkim", "rotate", "--domain", "example.com");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("202611br").contains("202611be").contains("retired (keep their DNS records until");
        assertThat(stored()).filteredOn(StoredKey::active).extracting(StoredKey::selector)
                .containsExactlyInAnyOrder("202611br", "202611be");
        assertThat(stored()).filteredOn(k -> !k.active()).extracting(StoredKey::selector)
                .containsExactlyInAnyOrder("202611r", "202611e");

        String list = run("dkim", "list", "--domain", "example.com").out();
        assertThat(list).contains("202611r").contains("inactive since 2026-11-26T21:00:00Z")
                .contains("202611br").contains("active").contains("IN TXT \"v=DKIM1; k=ed25519; p=");

        now = now.plus(DkimKeyStore.GRACE).plusSeconds(60);
        CliTest.Result later = run("dkim", "rotate", "--domain", "example.com");
        assertThat(later.out()).contains("removed (delete their DNS records):")
                .contains("202611r._domainkey.example.com").contains("202612r");
        assertThat(stored()).extracting(StoredKey::selector)
                .containsExactlyInAnyOrder("202611br", "202611be", "202612r", "202612e");
    }

    @Test
    void listWithoutADomainShowsEveryDomain() throws Exception {
        run("domain", "add", "example.net");
        run("dkim", "generate", "--domain", "example.com");
        run("dkim", "generate", "--domain", "example.net");
        String out = run("dkim", "list").out();
        assertThat(out).contains("example.com  202611r").contains("example.net  202611e");
        assertThat(run("dkim", "list", "--domain", "example.com").out()).doesNotContain("example.net");
    }

    @Test
    void anUnknownDomainIsAOneLineError() throws Exception {
        for (String sub : List.of("generate", "rotate", "list")) {
            CliTest.Result r = run("dkim", sub, "--domain", "nowhere.test");
            assertThat(r.status()).as(sub).isNotZero();
            assertThat(r.err().strip().lines()).as(sub).hasSize(1);
            assertThat(r.err()).as(sub).contains("unknown domain nowhere.test");
        }
        assertThat(run("dkim", "generate", "--domain", "not a domain").status()).isNotZero();
        assertThat(stored()).isEmpty();
    }

    @Test
    void initRecordsSuggestAQuarantineDmarcPolicyWithReportsToPostmaster() {
        List<String> lines = DkimCommand.initRecords(Domain.of("example.com"));
        assertThat(lines.getFirst()).isEqualTo(
                "_dmarc.example.com. 3600 IN TXT \"v=DMARC1; p=quarantine; rua=mailto:postmaster@example.com\"");
        assertThat(lines.get(1)).contains("facteur admin dkim generate --domain example.com");
    }

    @Test
    void helpIsAvailableForEverySubcommand() {
        for (String sub : List.of("generate", "rotate", "list")) {
            CliTest.Result r = run("dkim", sub, "--help");
            assertThat(r.status()).isZero();
            assertThat(r.out()).contains("Usage:");
        }
    }
}
