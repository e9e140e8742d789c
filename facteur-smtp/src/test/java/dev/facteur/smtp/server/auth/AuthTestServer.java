package dev.facteur.smtp.server.auth;

import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.net.ListenerSettings;
import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.core.sasl.StoredCredential;
import dev.facteur.core.sasl.ThrottleSettings;
import dev.facteur.core.security.PasswordHasher;
import dev.facteur.smtp.server.Envelope;
import dev.facteur.smtp.server.PolicyChain;
import dev.facteur.smtp.server.PolicyStage;
import dev.facteur.smtp.server.SessionInfo;
import dev.facteur.smtp.server.SmtpLimits;
import dev.facteur.smtp.server.SmtpListenerSettings;
import dev.facteur.smtp.server.SmtpRole;
import dev.facteur.smtp.server.SmtpServer;
import dev.facteur.smtp.server.SmtpServerSettings;
import dev.facteur.smtp.server.SmtpServices;
import dev.facteur.smtp.server.StoreCredentialLookup;
import dev.facteur.smtp.server.Verdict;
import dev.facteur.store.Mailbox;
import dev.facteur.store.MessageRecord;
import dev.facteur.store.Store;
import dev.facteur.store.TestStores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A live SMTP server (MX and plaintext-on-loopback submission, port 0) on the real SQLite store,
 * with {@link MailAuthPolicy} and {@link DkimOutboundSigner} wired as facteur-server will wire
 * them, answering DNS from an in-memory resolver. Directory: example.com with alice (password
 * "alice-pw") and bob.
 */
final class AuthTestServer implements AutoCloseable {
    static final String HOST = "mx.example.com";
    static final EmailAddress ALICE = EmailAddress.parse("alice@example.com");
    static final EmailAddress BOB = EmailAddress.parse("bob@example.com");
    private static final PasswordHasher FAST = new PasswordHasher(new PasswordHasher.Parameters(8, 1, 1));

    final Store store;
    final InMemoryDnsResolver dns = new InMemoryDnsResolver();
    final MailAuthPolicy policy;
    final DkimKeyStore keys;
    /** The sessions onMessage saw, after MailAuthPolicy (to ask it about quarantine). */
    final List<SessionInfo> messageSessions = new CopyOnWriteArrayList<>();
    private final SmtpServer server;

    AuthTestServer(Path dir) throws IOException {
        store = TestStores.sqlite(dir.resolve("store"));
        var d = store.directory();
        d.addDomain(Domain.of("example.com"));
        d.addAccount(ALICE, StoredCredential.fromPassword("alice-pw", FAST, 4096).encode());
        d.addAccount(BOB, StoredCredential.fromPassword("bob-pw", FAST, 4096).encode());
        policy = MailAuthPolicy.create(dns, HOST, InstantSource.system());
        keys = new DkimKeyStore(store.settings());
        PolicyStage recorder = new PolicyStage() {
            @Override
            public Verdict onMessage(SessionInfo session, Envelope envelope, byte[] message) {
                messageSessions.add(session);
                return Verdict.CONTINUE;
            }
        };
        SmtpServerSettings settings = new SmtpServerSettings(HOST, List.of(
                new SmtpListenerSettings(ListenerSettings.loopback("smtp", false), SmtpRole.MX),
                new SmtpListenerSettings(ListenerSettings.loopback("submission", false), SmtpRole.SUBMISSION)),
                SmtpLimits.defaults(), true);
        ThrottleSettings throttle = new ThrottleSettings(3, Duration.ofSeconds(1), Duration.ofSeconds(8), 6,
                Duration.ofMinutes(15), Duration.ofMinutes(15), 1000);
        SmtpServices services = new SmtpServices(store, Optional.empty(),
                new SaslAuthenticator(new StoreCredentialLookup(store.directory()), FAST, Optional.empty()),
                new AuthThrottle(throttle, InstantSource.system()), new PolicyChain(List.of(policy, recorder)),
                new DkimOutboundSigner(keys, InstantSource.system(), Duration.ZERO), InstantSource.system());
        server = new SmtpServer(settings, services);
        server.start();
    }

    InetSocketAddress mx() {
        return server.address(SmtpRole.MX);
    }

    InetSocketAddress submission() {
        return server.address(SmtpRole.SUBMISSION);
    }

    /** The messages in an account's INBOX, as stored. */
    List<String> inbox(EmailAddress address) throws IOException {
        long account = store.directory().findAccount(address).orElseThrow().id();
        Mailbox inbox = store.mailboxes().find(account, Mailbox.INBOX).orElseThrow();
        List<String> out = new ArrayList<>();
        for (MessageRecord r : store.mailboxes().messages(inbox.id())) {
            out.add(new String(store.blobs().read(r.blob()), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The messages in the outbound queue, as queued. */
    List<byte[]> queued() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (var q : store.queue().list(1000)) {
            out.add(store.blobs().read(q.message().blob()));
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
