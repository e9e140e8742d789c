package dev.facteur.smtp.server;

import dev.facteur.core.net.ListenerSettings;
import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.core.sasl.ThrottleSettings;
import dev.facteur.store.Store;
import dev.facteur.store.StoreSettings;
import dev.facteur.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * A child JVM for the SIGKILL test: the MX listener on the real SQLite store in {@code args[0]},
 * port written to {@code args[0]/port} once listening; runs until killed.
 */
public final class DurabilityServerMain {
    private DurabilityServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Store store = Stores.open(StoreSettings.sqlite(dir.resolve("store")), InstantSource.system());
        TestSmtpServer.seed(store);
        SmtpServerSettings settings = new SmtpServerSettings("mx.example.com", List.of(
                new SmtpListenerSettings(ListenerSettings.loopback("smtp", false), SmtpRole.MX)),
                SmtpLimits.defaults(), false);
        SmtpServices services = new SmtpServices(store, Optional.empty(),
                new SaslAuthenticator(new StoreCredentialLookup(store.directory()), TestSmtpServer.FAST, Optional.empty()),
                new AuthThrottle(ThrottleSettings.defaults(), InstantSource.system()), PolicyChain.EMPTY,
                OutboundSigner.NONE, InstantSource.system());
        SmtpServer server = new SmtpServer(settings, services);
        server.start();
        Path tmp = dir.resolve("port.tmp");
        Files.writeString(tmp, Integer.toString(server.address(SmtpRole.MX).getPort()));
        Files.move(tmp, dir.resolve("port"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }
}
