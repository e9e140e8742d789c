package dev.facteur.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The [delivery] smarthost, routes and SRS keys, and [http] admin_token_file. */
class DeliveryConfigTest {
    @TempDir
    Path dir;

    private Path write(String toml) throws Exception {
        Path f = dir.resolve("facteur.toml");
        Files.writeString(f, toml);
        return f;
    }

    private void refused(String toml, String... messages) throws Exception {
        Path f = write(toml);
        assertThatThrownBy(() -> ConfigLoader.load(f)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).contains(messages));
    }

    @Test
    void defaultsAreDirectDeliveryWithSrsAndNoAdminApi() {
        FacteurConfig c = ConfigLoader.defaults();
        assertThat(c.delivery().smarthost()).isEmpty();
        assertThat(c.delivery().routes()).isEmpty();
        assertThat(c.delivery().srs()).isTrue();
        assertThat(c.delivery().srsSecret()).isEmpty();
        assertThat(c.http().adminToken()).isEmpty();
    }

    @Test
    void readsSmarthostRoutesSrsAndAdminToken() throws Exception {
        Files.writeString(dir.resolve("relay.pw"), "s3cret-pass\n");
        Files.writeString(dir.resolve("srs.key"), "0123456789abcdef0123\n");
        Files.writeString(dir.resolve("admin.token"), "an-admin-token-of-32-characters!\n");
        FacteurConfig c = ConfigLoader.load(write("""
                [delivery]
                srs_secret_file = "srs.key"
                [delivery.smarthost]
                address = "smtp.provider.test"
                tls = "starttls"
                username = "me@provider.test"
                password_file = "relay.pw"
                [delivery.routes]
                "internal.test" = "10.1.2.3:2525"
                "v6.test" = "[::1]:26"
                [http]
                admin_token_file = "admin.token"
                """));
        DeliveryConfig.RelayConfig relay = c.delivery().smarthost().orElseThrow();
        assertThat(relay.host()).isEqualTo("smtp.provider.test");
        assertThat(relay.port()).as("RFC 6409 submission port by default").isEqualTo(587);
        assertThat(relay.tls()).isEqualTo(DeliveryConfig.RelayTls.STARTTLS);
        assertThat(relay.username()).contains("me@provider.test");
        assertThat(relay.password().orElseThrow().text()).isEqualTo("s3cret-pass");
        assertThat(relay.toString()).doesNotContain("s3cret-pass");
        assertThat(c.delivery().routes()).containsOnlyKeys("internal.test", "v6.test");
        assertThat(c.delivery().routes().get("internal.test").port()).isEqualTo(2525);
        assertThat(c.delivery().routes().get("v6.test").host()).isEqualTo("::1");
        assertThat(c.delivery().srsSecret().orElseThrow().text()).isEqualTo("0123456789abcdef0123");
        assertThat(c.http().adminToken().orElseThrow().text()).isEqualTo("an-admin-token-of-32-characters!");
        assertThat(c.toString()).doesNotContain("s3cret-pass", "0123456789abcdef0123", "an-admin-token");
    }

    @Test
    void implicitTlsDefaultsToPort465() throws Exception {
        FacteurConfig c = ConfigLoader.load(write("""
                [delivery.smarthost]
                address = "relay.test"
                tls = "implicit"
                """));
        assertThat(c.delivery().smarthost().orElseThrow().port()).isEqualTo(465);
        assertThat(c.delivery().smarthost().orElseThrow().username()).isEqualTo(Optional.empty());
    }

    @Test
    void unknownKeysInTheNewTablesAreRefusedWithTheirLine() throws Exception {
        Path f = write("""
                [delivery.smarthost]
                address = "relay.test:587"
                pasword = "typo"
                [http]
                admin_token = "inline tokens are not allowed"
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.getMessage()).contains(f + ":3: delivery.smarthost.pasword: unknown key");
            assertThat(e.getMessage()).contains(f + ":5: http.admin_token: unknown key");
        });
    }

    @Test
    void everyRelayProblemIsReportedWithItsLine() throws Exception {
        Path f = write("""
                [delivery.smarthost]
                address = "relay.test:99999"
                tls = "sometimes"
                username = "me"
                [delivery.routes]
                "not a domain" = "host:25"
                "ok.test" = 25
                "bad.test" = "a:b:c"
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.getMessage()).contains(f + ":2: delivery.smarthost.address: bad port");
            assertThat(e.getMessage()).contains(f + ":3: delivery.smarthost.tls: must be one of");
            assertThat(e.getMessage()).contains("delivery.smarthost.password_file: username and password_file go together");
            assertThat(e.getMessage()).contains(f + ":6: delivery.routes.not a domain: not a domain name");
            assertThat(e.getMessage()).contains(f + ":7: delivery.routes.ok.test: must be a \"host:port\" string");
            assertThat(e.getMessage()).contains(f + ":8: delivery.routes.bad.test: write an IPv6 address in brackets");
        });
    }

    @Test
    void credentialsWithoutTlsAreRefused() throws Exception {
        Files.writeString(dir.resolve("pw"), "x");
        refused("""
                [delivery.smarthost]
                address = "relay.test"
                tls = "opportunistic"
                username = "me"
                password_file = "pw"
                """, ":3: delivery.smarthost.tls: AUTH credentials need tls");
    }

    @Test
    void missingOrShortSecretFilesAreRefused() throws Exception {
        Files.writeString(dir.resolve("short"), "too short", StandardCharsets.UTF_8);
        refused("""
                [delivery]
                srs_secret_file = "short"
                [delivery.smarthost]
                address = "relay.test"
                username = "me"
                password_file = "nowhere"
                [http]
                admin_token_file = "short"
                """, ":2: delivery.srs_secret_file: ", "must hold at least 16 bytes",
                ":6: delivery.smarthost.password_file: cannot read ", "(no such file)",
                ":8: http.admin_token_file: ");
    }

    @Test
    void smarthostNeedsAnAddress() throws Exception {
        refused("""
                [delivery.smarthost]
                tls = "starttls"
                """, "delivery.smarthost.address: required");
    }
}
