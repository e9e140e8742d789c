package dev.facteur.server;

import dev.facteur.core.config.FacteurConfig;
import dev.facteur.core.config.ListenerConfig;
import dev.facteur.core.config.ListenerRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Greets every plain-text listener of a running server once, as a client would: the SMTP, IMAP
 * and POP3 greetings, one command and its reply, and QUIT or LOGOUT; HTTP's {@code /healthz}.
 * The launcher runs it after each build, with the JVM recording an ahead-of-time cache of the
 * classes and method profiles it used, so that later starts skip that work.
 */
final class StartupExercise {
    private static final int TIMEOUT_MS = 10_000;

    private StartupExercise() {}

    /** Returns one line per listener that did not answer as expected; empty when all did. */
    static List<String> run(FacteurConfig config, FacteurServer server) {
        List<String> problems = new ArrayList<>();
        for (ListenerRole role : ListenerRole.values()) {
            if (role.implicitTls()) {
                continue;
            }
            var listener = config.listener(role);
            var port = server.port(role);
            if (listener.isEmpty() || port.isEmpty()) {
                continue;
            }
            try {
                greet(role, address(listener.get(), port.get()));
            } catch (IOException e) {
                problems.add(role.key() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    private static InetSocketAddress address(ListenerConfig listener, int port) {
        InetAddress host = listener.address().getAddress();
        return new InetSocketAddress(host == null || host.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : host,
                port);
    }

    private static void greet(ListenerRole role, InetSocketAddress address) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            switch (role) {
                case SMTP, SUBMISSION -> {
                    expect(in, "220");
                    exchange(in, out, "EHLO exercise.invalid", "250 ");
                    exchange(in, out, "QUIT", "221");
                }
                case IMAP -> {
                    expect(in, "* OK");
                    exchange(in, out, "a CAPABILITY", "a OK");
                    exchange(in, out, "b LOGOUT", "b OK");
                }
                case POP3 -> {
                    expect(in, "+OK");
                    exchange(in, out, "CAPA", ".");
                    exchange(in, out, "QUIT", "+OK");
                }
                case HTTP -> {
                    send(out, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
                    expect(in, "HTTP/1.1 200");
                }
                case SUBMISSIONS, IMAPS, POP3S -> throw new IllegalStateException("implicit TLS is not exercised");
            }
        }
    }

    private static void exchange(InputStream in, OutputStream out, String command, String replyStart)
            throws IOException {
        send(out, command);
        expect(in, replyStart);
    }

    private static void send(OutputStream out, String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads lines until one starts with {@code start}; fails at end of stream. */
    private static void expect(InputStream in, String start) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c != '\n') {
                line.append((char) c);
                continue;
            }
            if (line.toString().startsWith(start)) {
                return;
            }
            line.setLength(0);
        }
        throw new IOException("connection closed before a reply starting with " + start);
    }
}
