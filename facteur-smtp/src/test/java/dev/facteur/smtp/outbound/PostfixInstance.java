package dev.facteur.smtp.outbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A whole Postfix (Debian package postfix) of the test's own: its config_directory,
 * queue_directory, data_directory and mail under a temporary directory, its smtpd on a loopback
 * address and port of the test's choosing, virtual Maildir delivery for {@code localDomain}, and a
 * transport to {@code [127.0.0.1]:port} for the domains given. It never reads or changes
 * /etc/postfix's main.cf or master.cf; {@link #close()} stops only this instance (its master's pid
 * file lives in its own queue directory). Skips when Postfix is absent or we are not root.
 */
final class PostfixInstance implements AutoCloseable {
    static final Path POSTFIX = Path.of("/usr/sbin/postfix");

    private final Path home;
    private final Path config;
    final String address;
    final int port;
    private boolean running;

    private PostfixInstance(Path home, String address, int port) {
        this.home = home;
        this.config = home.resolve("etc");
        this.address = address;
        this.port = port;
    }

    /**
     * @param routes domain to {@code host:port} that Postfix relays to (its transport_maps)
     */
    static PostfixInstance start(Path dir, String address, String localDomain, List<String> routes) {
        Assumptions.assumeTrue(Files.isExecutable(POSTFIX), "Postfix is not installed (apt-get install postfix)");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "starting a Postfix master needs root (its daemons drop to the postfix user)");
        try {
            Path home = Files.createDirectories(dir.resolve("postfix"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String d : List.of("etc", "spool", "data", "mail")) {
                Files.createDirectories(home.resolve(d));
            }
            Files.setPosixFilePermissions(home.resolve("mail"), PosixFilePermissions.fromString("rwxrwxrwx"));
            UserPrincipalLookupService users = home.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(home.resolve("data"), users.lookupPrincipalByName("postfix"));
            PostfixInstance p = new PostfixInstance(home, address, freePort(address));
            Files.writeString(p.config.resolve("main.cf"), p.mainCf(localDomain, routes));
            Files.writeString(p.config.resolve("master.cf"), p.masterCf());
            p.postfix("check");
            p.postfix("start");
            p.running = true;
            p.awaitListening();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String mainCf(String localDomain, List<String> routes) {
        String transports = routes.isEmpty() ? "" : "transport_maps = inline:{ " + String.join(", ", routes.stream()
                .map(r -> r.substring(0, r.indexOf('=')) + "=smtp:[" + r.substring(r.indexOf('=') + 1)
                        .replace(":", "]:")).toList()) + " }\n";
        return """
                compatibility_level = 3.6
                queue_directory = %1$s/spool
                data_directory = %1$s/data
                syslog_name = postfix-facteur-test
                maillog_file_prefixes = %1$s
                maillog_file = %1$s/maillog
                myhostname = mx.%2$s
                mydomain = %2$s
                myorigin = %2$s
                mydestination =
                local_recipient_maps =
                alias_maps =
                alias_database =
                inet_interfaces = loopback-only
                inet_protocols = ipv4
                mynetworks = 127.0.0.0/8
                smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
                virtual_mailbox_domains = %2$s
                virtual_mailbox_base = %1$s/mail
                virtual_mailbox_maps = static:inbox/
                virtual_uid_maps = static:65534
                virtual_gid_maps = static:65534
                virtual_minimum_uid = 100
                smtp_dns_support_level = disabled
                smtp_tls_security_level = may
                smtpd_tls_security_level = none
                biff = no
                """.formatted(home, localDomain) + transports;
    }

    private String masterCf() {
        StringBuilder b = new StringBuilder(address + ":" + port + " inet n - n - - smtpd\n");
        for (String s : List.of("pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup",
                "qmgr unix n - n 300 1 qmgr", "tlsmgr unix - - n 1000? 1 tlsmgr", "rewrite unix - - n - - trivial-rewrite",
                "bounce unix - - n - 0 bounce", "defer unix - - n - 0 bounce", "trace unix - - n - 0 bounce",
                "verify unix - - n - 1 verify", "flush unix n - n 1000? 0 flush", "proxymap unix - - n - - proxymap",
                "smtp unix - - n - - smtp", "relay unix - - n - - smtp", "showq unix n - n - - showq",
                "error unix - - n - - error", "retry unix - - n - - error", "discard unix - - n - - discard",
                "virtual unix - n n - - virtual", "anvil unix - - n - 1 anvil", "scache unix - - n - 1 scache",
                "postlog unix-dgram n - n - 1 postlogd")) {
            b.append(s).append('\n');
        }
        return b.toString();
    }

    private void postfix(String command) throws IOException {
        Process p = new ProcessBuilder(POSTFIX.toString(), "-c", config.toString(), command)
                .redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("postfix " + command + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("postfix " + command + " failed: " + out + "\n" + log());
        }
    }

    /** Postfix's own log (its maillog_file), for failure messages. */
    String log() {
        try {
            Path f = home.resolve("maillog");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The messages delivered to the Maildir of {@code localDomain} (every user shares it). */
    List<String> delivered() {
        Path inbox = home.resolve("mail/inbox/new");
        if (!Files.isDirectory(inbox)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(inbox)) {
            for (Path f : files.sorted().toList()) {
                out.add(Files.readString(f, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("Postfix did not listen on " + address + ":" + port + "\n" + log(), e);
                }
                Thread.onSpinWait();
            }
        }
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (running) {
            running = false;
            try {
                postfix("stop");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
