package dev.facteur.toolkit.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback SMTP peer with known behaviour, for the verifier's and checker's tests: mailboxes it
 * knows, full and disabled ones, catch-all, greylisting, refusing callouts, busy, tarpitting,
 * endless replies, no EHLO, with or without SMTPUTF8. A test peer, not a mail server: it never
 * takes DATA.
 */
public final class FakeMailHost implements AutoCloseable {

    /** How the host behaves. */
    public enum Mode { NORMAL, CATCH_ALL, GREYLIST, ALWAYS_TEMP, REFUSE_CALLOUTS, BUSY, TARPIT, ENDLESS, TRICKLE, NO_EHLO }

    public record Behaviour(Mode mode, Set<String> mailboxes, Set<String> full, Set<String> disabled, boolean smtputf8) {
        public Behaviour {
            mailboxes = Set.copyOf(mailboxes);
            full = Set.copyOf(full);
            disabled = Set.copyOf(disabled);
        }

        public static Behaviour of(Mode mode, String... mailboxes) {
            return new Behaviour(mode, Set.of(mailboxes), Set.of(), Set.of(), true);
        }
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final Set<String> greylisted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger rcpts = new AtomicInteger();
    private final Thread acceptor;

    public FakeMailHost(InetAddress bind, int port, Behaviour behaviour) throws IOException {
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(bind, port), 200);
        this.behaviour = behaviour;
        this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    public int maxConcurrentConnections() {
        return maxConcurrent.get();
    }

    public int rcptCount() {
        return rcpts.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        maxConcurrent.accumulateAndGet(current.incrementAndGet(), Math::max);
        try (s) {
            s.setSoTimeout(30_000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            switch (behaviour.mode()) {
                case TARPIT -> {
                    in.readLine();
                    return;
                }
                case BUSY -> {
                    send(out, "421 4.3.2 busy, try later");
                    return;
                }
                case ENDLESS -> {
                    while (true) {
                        send(out, "220-welcome and welcome and welcome");
                    }
                }
                case TRICKLE -> {
                    // One octet every 50 ms: never idle long enough for a read timeout, never done.
                    while (true) {
                        out.write('2');
                        out.flush();
                        Thread.sleep(50);
                    }
                }
                default -> send(out, "220 fake.test ESMTP ready");
            }
            converse(in, out);
        } catch (IOException e) {
            // the client went away; nothing to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            current.decrementAndGet();
        }
    }

    private void converse(BufferedReader in, OutputStream out) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String upper = line.toUpperCase(Locale.ROOT);
            if (upper.startsWith("EHLO")) {
                if (behaviour.mode() == Mode.NO_EHLO) {
                    send(out, "502 5.5.1 EHLO not implemented");
                } else {
                    send(out, "250-fake.test" + (behaviour.smtputf8() ? "\r\n250-SMTPUTF8" : "") + "\r\n250-ENHANCEDSTATUSCODES\r\n250 PIPELINING");
                }
            } else if (upper.startsWith("HELO")) {
                send(out, "250 fake.test");
            } else if (upper.startsWith("MAIL FROM:")) {
                send(out, behaviour.mode() == Mode.REFUSE_CALLOUTS ? "550 5.7.1 callouts are not accepted here" : "250 2.1.0 ok");
            } else if (upper.startsWith("RCPT TO:")) {
                rcpts.incrementAndGet();
                send(out, rcpt(line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'))));
            } else if (upper.startsWith("RSET")) {
                send(out, "250 2.0.0 ok");
            } else if (upper.startsWith("QUIT")) {
                send(out, "221 2.0.0 bye");
                return;
            } else {
                send(out, "502 5.5.2 not here");
            }
        }
    }

    private String rcpt(String address) {
        String local = address.substring(0, address.lastIndexOf('@')).toLowerCase(Locale.ROOT);
        return switch (behaviour.mode()) {
            case CATCH_ALL -> "250 2.1.5 ok";
            case ALWAYS_TEMP -> "451 4.3.0 temporary local problem";
            case GREYLIST -> greylisted.add(address) ? "450 4.7.1 Greylisted, try again in 120 seconds" : known(local);
            default -> known(local);
        };
    }

    private String known(String local) {
        if (behaviour.full().contains(local)) {
            return "552 5.2.2 mailbox full";
        }
        if (behaviour.disabled().contains(local)) {
            return "550 5.2.1 mailbox disabled";
        }
        return behaviour.mailboxes().contains(local) ? "250 2.1.5 ok" : "550 5.1.1 no such user";
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
