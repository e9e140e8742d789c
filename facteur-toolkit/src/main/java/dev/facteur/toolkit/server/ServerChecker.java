package dev.facteur.toolkit.server;

import dev.facteur.core.mail.Domain;
import dev.facteur.toolkit.check.CertificateCheck;
import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Printable;
import dev.facteur.toolkit.report.Report;
import dev.facteur.toolkit.report.Severity;
import dev.facteur.toolkit.tls.TlsScan;
import dev.facteur.toolkit.tls.TlsScanner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * {@code facteur check server}: probes the SMTP, submission, IMAP and POP3 ports of a host and
 * reports which answer, implicit TLS or STARTTLS, the TLS versions and ciphers, the certificate,
 * the SASL mechanisms before and after TLS, an optional login, and the settings a client needs.
 */
public final class ServerChecker {

    /** The enumeration of one port may take this many step timeouts in all. */
    private static final int SCAN_TIMEOUTS = 6;
    /** At most this many hellos per port: enough for every suite a real server accepts. */
    private static final int MAX_SCAN_CONNECTIONS = 64;

    private final Function<String, List<InetAddress>> lookup;
    private final InstantSource clock;
    private final javax.net.ssl.X509TrustManager trust;

    /** @param lookup resolves the host name to addresses (the toolkit's resolver, or the system's) */
    public ServerChecker(Function<String, List<InetAddress>> lookup, InstantSource clock) {
        this(lookup, clock, CertificateCheck.systemTrust());
    }

    /** As above, judging certificate chains with {@code trust} instead of the system's roots. */
    public ServerChecker(Function<String, List<InetAddress>> lookup, InstantSource clock, javax.net.ssl.X509TrustManager trust) {
        this.lookup = lookup;
        this.clock = clock;
        this.trust = trust;
    }

    public ServerReport check(String input, ServerCheckOptions options) {
        List<Finding> findings = new ArrayList<>();
        String host;
        try {
            host = Domain.of(input.strip()).name();
        } catch (IllegalArgumentException e) {
            findings.add(Finding.error("input", "invalid-host", "\"" + Printable.of(input, 80) + "\" is not a valid host name.",
                    "Give the server's name, e.g. mail.example.com."));
            return new ServerReport(new Report("server", Printable.of(input.isBlank() ? "(empty)" : input, 80), clock.instant(), findings), List.of(), List.of());
        }
        List<InetAddress> addresses = lookup.apply(host);
        if (addresses.isEmpty()) {
            findings.add(Finding.error("input", "host-not-found", host + " has no address in the DNS, so no client can reach it.",
                    "Publish an A (and AAAA) record for " + host + "."));
            return new ServerReport(new Report("server", host, clock.instant(), findings), List.of(), List.of());
        }
        InetAddress address = addresses.getFirst();
        List<PortReport> ports = new ArrayList<>();
        List<List<Finding>> perPort = new ArrayList<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<PortReport>> futures = new ArrayList<>();
            for (Service s : Service.values()) {
                Integer port = options.ports().get(s);
                if (port == null) {
                    continue;
                }
                List<Finding> mine = new ArrayList<>();
                perPort.add(mine);
                futures.add(ex.submit(() -> new PortProbe(host, address, s, port, options, clock, trust, mine::add).run()));
            }
            for (Future<PortReport> f : futures) {
                ports.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            findings.add(Finding.warn("input", "probe-failed", "A port probe failed unexpectedly; its port is missing from the report.", "Run the check again."));
        }
        perPort.forEach(findings::addAll);
        List<ClientSetting> settings = settings(host, ports, findings);
        return new ServerReport(new Report("server", host, clock.instant(), findings), ports, settings);
    }

    /** RFC 8314 §3.3/§4.3: prefer implicit TLS, then STARTTLS; never clear text. */
    private static List<ClientSetting> settings(String host, List<PortReport> ports, List<Finding> findings) {
        List<ClientSetting> out = new ArrayList<>();
        for (Service.Protocol p : List.of(Service.Protocol.SMTP, Service.Protocol.IMAP, Service.Protocol.POP3)) {
            Optional<PortReport> best = ports.stream()
                    .filter(r -> r.service().protocol() == p && (r.security().equals("implicit-tls") || r.security().equals("starttls")) && r.service() != Service.SMTP)
                    .min((a, b) -> Boolean.compare(!a.security().equals("implicit-tls"), !b.security().equals("implicit-tls")));
            if (best.isPresent()) {
                PortReport r = best.get();
                List<String> mechs = r.saslAfterTls();
                String auth = mechs.contains("PLAIN") || mechs.contains("LOGIN") || mechs.contains("USER") || (p == Service.Protocol.IMAP && mechs.isEmpty())
                        ? "normal password" : mechs.stream().anyMatch(m -> m.contains("OAUTH")) ? "OAuth2" : String.join(", ", mechs);
                out.add(new ClientSetting(p == Service.Protocol.SMTP ? "SMTP (sending)" : p.name(), host, r.port(),
                        r.security().equals("implicit-tls") ? "SSL/TLS" : "STARTTLS", auth));
            } else if (p != Service.Protocol.POP3) {
                findings.add(Finding.error("settings", "no-secure-" + p.name().toLowerCase(Locale.ROOT), "No " + p.name() + " port for clients offers TLS, so clients cannot connect securely.",
                        p == Service.Protocol.SMTP ? "Offer submission on 465 (implicit TLS) or 587 (STARTTLS), RFC 8314." : "Offer IMAP on 993 (implicit TLS), RFC 8314."));
            }
        }
        return out;
    }

    /** One port's probe; confined to one virtual thread. */
    private static final class PortProbe {
        private final String host;
        private final InetAddress address;
        private final Service service;
        private final int port;
        private final ServerCheckOptions options;
        private final InstantSource clock;
        private final javax.net.ssl.X509TrustManager trust;
        private final java.util.function.Consumer<Finding> out;
        private final String area;
        private String handshakeError;

        PortProbe(String host, InetAddress address, Service service, int port, ServerCheckOptions options, InstantSource clock,
                javax.net.ssl.X509TrustManager trust, java.util.function.Consumer<Finding> out) {
            this.trust = trust;
            this.host = host;
            this.address = address;
            this.service = service;
            this.port = port;
            this.options = options;
            this.clock = clock;
            this.out = out;
            this.area = service.name().toLowerCase(Locale.ROOT) + " " + port;
        }

        /** The port's dialogue, then, where it speaks TLS, the enumeration of its versions and suites. */
        PortReport run() {
            PortReport r = probe();
            boolean speaksTls = r.security().equals("implicit-tls") || r.security().equals("starttls") || r.security().equals("tls-failed");
            Optional<TlsScan> scan = Optional.empty();
            if (speaksTls && options.scanTls()) {
                scan = Optional.of(new TlsScanner(options.timeout().multipliedBy(SCAN_TIMEOUTS), MAX_SCAN_CONNECTIONS).scan(this::openForHello, host));
                TlsFindings.report(area, port, scan.get(), out);
            }
            if (handshakeError != null) {
                out.accept(TlsFindings.handshakeFailed(area, port, handshakeError, scan));
            }
            return scan.map(s -> r.withOffers(TlsOffer.of(s))).orElse(r);
        }

        /** A fresh connection ready for a ClientHello: STARTTLS first on the ports that need it (RFC 3207, RFC 9051 §6.2.1, RFC 2595 §4). */
        private TlsScanner.Channel openForHello(Duration remaining) throws IOException {
            Duration limit = remaining.compareTo(options.timeout().multipliedBy(2)) < 0 ? remaining : options.timeout().multipliedBy(2);
            ProbeConnection c = ProbeConnection.open(new InetSocketAddress(address, port), options.timeout(), limit);
            try {
                if (!service.implicitTls()) {
                    Dialog d = new Dialog(service.protocol(), options.clientName());
                    d.greeting(c);
                    if (!d.capabilities(c).startTls() || !d.startTls(c)) {
                        throw new IOException("STARTTLS refused");
                    }
                }
                return c.channel();
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
        }

        private PortReport probe() {
            List<String> tls = new ArrayList<>();
            List<String> before = List.of();
            List<String> after = List.of();
            Dialog.Capabilities afterCaps = new Dialog.Capabilities(false, List.of(), false);
            String security;
            String login = "not-tried";
            Dialog d = new Dialog(service.protocol(), options.clientName());
            try (ProbeConnection c = ProbeConnection.open(new InetSocketAddress(address, port), options.timeout(), options.timeout().multipliedBy(4))) {
                if (service.implicitTls()) {
                    SSLSession s = handshake(c, tls);
                    security = "implicit-tls";
                    d.greeting(c);
                    afterCaps = d.capabilities(c);
                    after = List.copyOf(afterCaps.sasl());
                    certificate(s);
                } else {
                    d.greeting(c);
                    Dialog.Capabilities caps = d.capabilities(c);
                    before = List.copyOf(caps.sasl());
                    if (caps.startTls() && d.startTls(c)) {
                        SSLSession s = handshake(c, tls);
                        security = "starttls";
                        afterCaps = d.capabilities(c);
                        after = List.copyOf(afterCaps.sasl());
                        certificate(s);
                    } else {
                        security = "none";
                        clearOnly(before, caps);
                    }
                }
                mechanisms(before, after, security);
                if (options.credentials().isPresent() && service != Service.SMTP) {
                    login = login(c, d, security, afterCaps);
                }
                d.quit(c);
                return new PortReport(service, port, true, security, tls, before, after, login, List.of());
            } catch (SSLException e) {
                // Reported after the enumeration, which says what the port does accept.
                handshakeError = String.valueOf(e.getMessage());
                return new PortReport(service, port, true, "tls-failed", tls, before, after, options.credentials().isPresent() ? "tls" : login, List.of());
            } catch (SocketTimeoutException e) {
                out.accept(Finding.warn(area, "port-timeout", "Port " + port + " (" + service.name().toLowerCase(Locale.ROOT) + ") did not answer in time (a firewall that drops, or a stalled server).",
                        "Open the port in the firewall if the service should be offered, or close it cleanly."));
                return new PortReport(service, port, false, "closed", tls, before, after, options.credentials().isPresent() ? "connect" : login, List.of());
            } catch (IOException e) {
                boolean refused = e instanceof java.net.ConnectException;
                out.accept(refused ? Finding.ok(area, "port-closed", "Port " + port + " (" + service.name().toLowerCase(Locale.ROOT) + ") is closed.")
                        : Finding.warn(area, "port-protocol-error", "Port " + port + " answered but not as " + service.protocol() + " expects (" + Printable.of(String.valueOf(e.getMessage()), 100) + "): a wrong port for this protocol?",
                                "Point clients at the port of this protocol; check what listens on " + port + "."));
                return new PortReport(service, port, !refused, refused ? "closed" : "protocol-error", tls, before, after, options.credentials().isPresent() ? "connect" : login, List.of());
            }
        }

        private SSLSession handshake(ProbeConnection c, List<String> tls) throws IOException {
            // RFC 8996 and RFC 8314 §4.1: clients offer TLS 1.2 or later.
            SSLSession s = c.startTls(host, "TLSv1.3", "TLSv1.2");
            tls.add(s.getProtocol() + " " + s.getCipherSuite());
            out.accept(Finding.ok(area, "tls-version", "Port " + port + " negotiates " + s.getProtocol() + " with " + s.getCipherSuite() + "."));
            return s;
        }

        private void certificate(SSLSession s) {
            List<X509Certificate> chain = new ArrayList<>();
            try {
                for (Certificate cert : s.getPeerCertificates()) {
                    if (cert instanceof X509Certificate x) {
                        chain.add(x);
                    }
                }
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                // reported as an empty chain
            }
            CertificateCheck.check(area, host, chain, clock.instant(), Severity.ERROR, trust, out);
        }

        private void clearOnly(List<String> before, Dialog.Capabilities caps) {
            if (service == Service.SMTP) {
                out.accept(Finding.warn(area, "no-starttls", "Port 25 offers no STARTTLS, so mail from other servers arrives in clear text.",
                        "Configure a certificate and enable STARTTLS (RFC 3207)."));
                return;
            }
            out.accept(Finding.error(area, "cleartext-only", "Port " + port + " (" + service.name().toLowerCase(Locale.ROOT) + ") offers no TLS at all: passwords and mail travel in clear text.",
                    "Enable STARTTLS here and offer the implicit-TLS port (RFC 8314)."));
        }

        private void mechanisms(List<String> before, List<String> after, String security) {
            // RFC 8314 §3 and RFC 4616 §5: PLAIN without TLS exposes the password.
            if (before.contains("PLAIN") || before.contains("LOGIN") || before.contains("USER")) {
                out.accept(Finding.error(area, "plain-over-cleartext", "Port " + port + " offers password login (" + String.join(" ", before) + ") before TLS, so a client may send its password in clear text.",
                        "Offer AUTH only after STARTTLS (e.g. smtpd_tls_auth_only, disable_plaintext_auth)."));
            }
            List<String> mechs = security.equals("none") ? before : after;
            if (!mechs.isEmpty() && mechs.stream().allMatch(m -> m.contains("OAUTH"))) {
                out.accept(Finding.warn(area, "oauth2-only", "Port " + port + " accepts only OAuth2 (" + String.join(" ", mechs) + "): clients need an OAuth2 sign-in or an app password, a plain password will fail.",
                        "Use a client that supports OAuth2 for this provider, or create an app password if the provider allows it."));
            }
        }

        private String login(ProbeConnection c, Dialog d, String security, Dialog.Capabilities caps) throws IOException {
            if (security.equals("none")) {
                out.accept(Finding.warn(area, "login-not-tried", "The login was not tried on port " + port + ": it offers no TLS and the password would travel in clear text.", "Use a port with TLS."));
                return "tls";
            }
            Dialog.Login l = d.login(c, caps, options.credentials().get().user(), options.credentials().get().password());
            if (l.success()) {
                out.accept(Finding.ok(area, "login-ok", "Login as " + Printable.of(options.credentials().get().user(), 80) + " succeeded on port " + port + "."));
            } else {
                out.accept(Finding.error(area, "login-failed-" + l.step(), "Login on port " + port + " failed at the " + l.step() + " step: " + Printable.of(l.reply(), 150) + ".",
                        l.step().equals("mechanism") ? "The server wants another mechanism (OAuth2?): use a client that supports it." : "Check the user name (often the full address) and the password; some providers need an app password."));
            }
            return l.step();
        }
    }

    /** The system resolver, for use outside tests. */
    public static List<InetAddress> systemLookup(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }
}
