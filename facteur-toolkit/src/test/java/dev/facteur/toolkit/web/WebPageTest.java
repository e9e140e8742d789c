package dev.facteur.toolkit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page in headless Chromium (Debian's chromium and chromium-driver, over WebDriver): a domain
 * check, an address verification and a pasted message render as coloured reports; screenshots go
 * to target/web-screenshots/.
 */
class WebPageTest {

    static WebFixture fx;
    static TestHttpServer http;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(WebDriver.CHROMEDRIVER) && Files.isExecutable(WebDriver.CHROMIUM),
                "skipped: needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        fx = new WebFixture();
        http = new TestHttpServer(fx.api);
        browser = new WebDriver();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (http != null) {
            http.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void domainCheckShowsColouredFindingsWithFixes() throws Exception {
        browser.open(http.base() + "/#domain=web.test");
        String summary = browser.text(browser.find("#report .summary"));
        assertThat(summary).startsWith("web.test:").contains("error(s)");
        assertThat(browser.findAll(".finding.error[data-code='spf-pass-all']")).hasSize(1);
        assertThat(browser.findAll(".finding.warn[data-code='dmarc-policy-none']")).hasSize(1);
        assertThat(browser.findAll(".finding.ok")).isNotEmpty();
        assertThat(browser.text(browser.find(".finding.error[data-code='spf-pass-all'] .fix"))).contains("-all");
        browser.screenshot(Path.of("target", "web-screenshots", "check-domain.png"));
    }

    @Test
    void serverCheckShowsTheTlsVersionsAndSuitesWithWeakOnesMarked() throws Exception {
        browser.open(http.base() + "/#server=mail.web.test");
        assertThat(browser.text(browser.find("#suites .suite.insecure"))).isEqualTo("TLS_RSA_WITH_RC4_128_SHA");
        assertThat(browser.findAll("#suites tr")).hasSize(4);
        assertThat(browser.findAll("#suites tr.deprecated")).hasSize(1);
        assertThat(browser.text(browser.find("#suites .suite.weak"))).isEqualTo("TLS_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(browser.findAll(".finding.error[data-code='tls-outdated']")).hasSize(1);
        assertThat(browser.findAll(".finding.warn[data-code='tls-weak-cipher']")).hasSize(1);
        browser.screenshot(Path.of("target", "web-screenshots", "check-server.png"));
    }

    @Test
    void addressVerificationShowsTheVerdictAndEvidence() throws Exception {
        browser.open(http.base() + "/#verify=alice@web.test");
        assertThat(browser.text(browser.find("#verdict .summary[data-verdict='deliverable']"))).contains("alice@web.test: deliverable");
        assertThat(browser.findAll("#verdict ul.evidence li")).isNotEmpty();
        browser.screenshot(Path.of("target", "web-screenshots", "verify-address.png"));
    }

    @Test
    void pastedHeadersAreAnalysed() throws Exception {
        browser.open(http.base() + "/");
        browser.click(browser.find("nav button[data-tab='message']"));
        browser.type(browser.find("#message-text"), "Received: from a.test ([192.0.2.1]) by mx.web.test; Thu, 26 Nov 2026 19:50:05 +0000\n"
                + "From: x@web.test\nSubject: hi\n\nbody\n");
        browser.click(browser.find("#form-message button"));
        assertThat(browser.findAll("#hops tr")).hasSize(2);
        assertThat(browser.findAll(".finding[data-code='missing-date']")).hasSize(1);
        browser.screenshot(Path.of("target", "web-screenshots", "analyze-message.png"));
    }
}
