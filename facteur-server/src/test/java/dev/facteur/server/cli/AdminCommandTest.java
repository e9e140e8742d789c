package dev.facteur.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.config.ConfigLoader;
import dev.facteur.core.sasl.StoredCredential;
import dev.facteur.core.security.PasswordHasher;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.server.StoreAccess;
import dev.facteur.store.Mailbox;
import dev.facteur.store.Store;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCommandTest {
    @TempDir
    Path dir;

    private Path config;
    private final InputStream stdin = System.in;

    @BeforeEach
    void writeConfig() throws Exception {
        config = Files.writeString(dir.resolve("facteur.toml"), "data_dir = \"data\"\n");
    }

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    private CliTest.Result admin(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "admin";
        full[1] = "--config";
        full[2] = config.toString();
        System.arraycopy(args, 0, full, 3, args.length);
        return CliTest.run(full);
    }

    private CliTest.Result adminWithStdin(String input, String... args) {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        return admin(args);
    }

    @Test
    void domainAccountAliasQuotaRoundTrip() throws Exception {
        assertThat(admin("domain", "add", "Example.com").out()).isEqualTo("added domain example.com\n");
        assertThat(adminWithStdin("a long password\n", "account", "add", "alice@example.com", "--password-stdin").status())
                .isZero();
        assertThat(admin("alias", "add", "postmaster@example.com", "alice@example.com").status()).isZero();
        assertThat(admin("alias", "add", "@example.com", "alice@example.com").status()).isZero();
        assertThat(admin("quota", "set", "alice@example.com", "2GiB").out()).contains("2.0 GiB");

        assertThat(admin("domain", "list").out()).isEqualTo("example.com\n");
        assertThat(admin("account", "list").out()).contains("alice@example.com").contains("quota 2.0 GiB");
        assertThat(admin("alias", "list").out()).contains("postmaster@example.com -> alice@example.com")
                .contains("@example.com -> alice@example.com");

        try (Store store = StoreAccess.open(ConfigLoader.load(config))) {
            var account = store.directory().findAccount(EmailAddress.parse("alice@example.com")).orElseThrow();
            assertThat(StoredCredential.parse(account.passwordHash()).verifyPassword("a long password", new PasswordHasher()))
                    .isTrue();
            assertThat(store.mailboxes().list(account.id())).extracting(Mailbox::name)
                    .contains("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive");
        }
    }

    @Test
    void passwordChangeTakesEffect() throws Exception {
        admin("domain", "add", "example.com");
        adminWithStdin("first password\n", "account", "add", "bob@example.com", "--password-stdin");
        assertThat(adminWithStdin("second password\n", "account", "passwd", "bob@example.com", "--password-stdin")
                .status()).isZero();
        try (Store store = StoreAccess.open(ConfigLoader.load(config))) {
            String stored = store.directory().findAccount(EmailAddress.parse("bob@example.com")).orElseThrow().passwordHash();
            assertThat(StoredCredential.parse(stored).verifyPassword("second password", new PasswordHasher())).isTrue();
            assertThat(StoredCredential.parse(stored).verifyPassword("first password", new PasswordHasher())).isFalse();
        }
    }

    @Test
    void badInputGetsOneLineAndNonZeroStatus() {
        admin("domain", "add", "example.com");
        assertOneLineFailure(admin("domain", "add", "example.com"));
        assertOneLineFailure(admin("domain", "add", "bad domain"));
        assertOneLineFailure(adminWithStdin("a long password\n", "account", "add", "not-an-address", "--password-stdin"));
        assertOneLineFailure(adminWithStdin("a long password\n", "account", "add", "x@unknown.example", "--password-stdin"));
        assertOneLineFailure(adminWithStdin("short\n", "account", "add", "x@example.com", "--password-stdin"));
        assertOneLineFailure(adminWithStdin("", "account", "add", "x@example.com", "--password-stdin"));
        assertOneLineFailure(admin("quota", "set", "x@example.com", "lots"));
        assertOneLineFailure(admin("account", "remove", "nobody@example.com"));
    }

    @Test
    void removingADomainWithAccountsIsRefusedAndChangesNothing() {
        admin("domain", "add", "example.com");
        adminWithStdin("a long password\n", "account", "add", "carol@example.com", "--password-stdin");
        assertOneLineFailure(admin("domain", "remove", "example.com"));
        assertThat(admin("domain", "list").out()).isEqualTo("example.com\n");
        assertThat(admin("account", "remove", "carol@example.com").status()).isZero();
        assertThat(admin("domain", "remove", "example.com").status()).isZero();
        assertThat(admin("domain", "list").out()).isEmpty();
    }

    @Test
    void duplicateAccountLeavesTheFirstIntact() throws Exception {
        admin("domain", "add", "example.com");
        adminWithStdin("a long password\n", "account", "add", "dave@example.com", "--password-stdin");
        assertOneLineFailure(adminWithStdin("other password\n", "account", "add", "DAVE@example.com", "--password-stdin"));
        try (Store store = StoreAccess.open(ConfigLoader.load(config))) {
            String stored = store.directory().findAccount(EmailAddress.parse("dave@example.com")).orElseThrow().passwordHash();
            assertThat(StoredCredential.parse(stored).verifyPassword("a long password", new PasswordHasher())).isTrue();
        }
    }

    private static void assertOneLineFailure(CliTest.Result r) {
        assertThat(r.status()).as(r.err()).isNotZero();
        assertThat(r.err()).startsWith("facteur: ");
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    }
}
