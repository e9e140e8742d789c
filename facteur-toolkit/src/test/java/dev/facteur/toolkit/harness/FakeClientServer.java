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
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A loopback SMTP, IMAP or POP3 peer with known behaviour for the server check's tests: implicit
 * TLS or STARTTLS or clear text only, given SASL mechanisms before and after TLS, TLS versions,
 * LOGINDISABLED, users, or silence. A test peer: it stores nothing.
 */
public final class FakeClientServer implements AutoCloseable {

    public enum Protocol { SMTP, IMAP, POP3 }

    /** The peer's behaviour. {@code tls} null means no TLS at all. */
    public record Behaviour(Protocol protocol, boolean implicitTls, SSLContext tls, String[] tlsProtocols, List<String> mechsBefore,
            List<String> mechsAfter, boolean loginDisabledAfter, Map<String, String> users, boolean silent) {
    }

    private final ServerSocket server;
    private final Behaviour b;

    public FakeClientServer(Behaviour behaviour) throws IOException {
        this.b = behaviour;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private Socket wrap(Socket s) throws IOException {
        SSLSocket t = (SSLSocket) b.tls().getSocketFactory().createSocket(s, null, s.getPort(), true);
        t.setUseClientMode(false);
        t.setEnabledProtocols(b.tlsProtocols());
        t.startHandshake();
        return t;
    }

    private void serve(Socket raw) {
        try (raw) {
            raw.setSoTimeout(20_000);
            Socket s = b.implicitTls() ? wrap(raw) : raw;
            if (b.silent()) {
                s.getInputStream().read();
                return;
            }
            boolean tls = b.implicitTls();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            send(out, switch (b.protocol()) {
                case SMTP -> "220 fake.test ESMTP";
                case IMAP -> "* OK fake ready";
                case POP3 -> "+OK fake ready";
            });
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String reply = reply(line, tls);
                send(out, reply);
                if (reply.endsWith("\r\nTLS")) {
                    s = wrap(s);
                    tls = true;
                    in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    out = s.getOutputStream();
                    continue;
                }
                if (reply.startsWith("221") || reply.startsWith("* BYE") || reply.equals("+OK bye")) {
                    return;
                }
            }
        } catch (IOException e) {
            // client gone or handshake refused
        }
    }

    private String reply(String line, boolean tls) throws IOException {
        List<String> mechs = tls ? b.mechsAfter() : b.mechsBefore();
        boolean canTls = b.tls() != null && !tls;
        String u = line.toUpperCase(Locale.ROOT);
        return switch (b.protocol()) {
            case SMTP -> {
                if (u.startsWith("EHLO")) {
                    yield "250-fake.test\r\n" + (canTls ? "250-STARTTLS\r\n" : "") + (mechs.isEmpty() ? "" : "250-AUTH " + String.join(" ", mechs) + "\r\n") + "250 SIZE 1000";
                } else if (u.equals("STARTTLS") && canTls) {
                    yield "220 go ahead\r\nTLS";
                } else if (u.startsWith("AUTH PLAIN ")) {
                    yield plain(line.substring(11)) ? "235 2.7.0 ok" : "535 5.7.8 authentication failed";
                } else if (u.equals("QUIT")) {
                    yield "221 bye";
                }
                yield "502 5.5.2 no";
            }
            case IMAP -> {
                String tag = line.split(" ")[0];
                String cmd = u.substring(Math.min(u.length(), tag.length() + 1));
                if (cmd.equals("CAPABILITY")) {
                    StringBuilder c = new StringBuilder("* CAPABILITY IMAP4rev1");
                    if (canTls) {
                        c.append(" STARTTLS");
                    }
                    mechs.forEach(m -> c.append(" AUTH=").append(m));
                    if (!tls || b.loginDisabledAfter()) {
                        c.append(tls ? " LOGINDISABLED" : "");
                    }
                    yield c + "\r\n" + tag + " OK done";
                } else if (cmd.equals("STARTTLS") && canTls) {
                    yield tag + " OK begin TLS\r\nTLS";
                } else if (cmd.startsWith("AUTHENTICATE PLAIN ")) {
                    yield plain(line.substring(tag.length() + 20)) ? tag + " OK logged in" : tag + " NO [AUTHENTICATIONFAILED] invalid credentials";
                } else if (cmd.startsWith("LOGIN ")) {
                    String[] p = line.substring(tag.length() + 7).replace("\"", "").split(" ");
                    yield p.length == 2 && p[1].equals(b.users().get(p[0])) ? tag + " OK logged in" : tag + " NO [AUTHENTICATIONFAILED] invalid credentials";
                } else if (cmd.equals("LOGOUT")) {
                    yield "* BYE bye\r\n" + tag + " OK";
                }
                yield tag + " BAD unknown";
            }
            case POP3 -> {
                if (u.equals("CAPA")) {
                    yield "+OK\r\n" + (canTls ? "STLS\r\n" : "") + (mechs.isEmpty() ? "" : "SASL " + String.join(" ", mechs) + "\r\n") + (tls || b.tls() == null ? "USER\r\n" : "") + ".";
                } else if (u.equals("STLS") && canTls) {
                    yield "+OK begin\r\nTLS";
                } else if (u.startsWith("USER ")) {
                    yield "+OK";
                } else if (u.startsWith("PASS ")) {
                    yield b.users().containsValue(line.substring(5)) ? "+OK logged in" : "-ERR [AUTH] invalid";
                } else if (u.equals("QUIT")) {
                    yield "+OK bye";
                }
                yield "-ERR unknown";
            }
        };
    }

    private boolean plain(String b64) {
        try {
            String[] p = new String(Base64.getDecoder().decode(b64.strip()), StandardCharsets.UTF_8).split("\0", -1);
            return p.length == 3 && p[2].equals(b.users().get(p[1]));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void send(OutputStream out, String reply) throws IOException {
        // A reply ending in "\r\nTLS" is sent without that marker; the caller then starts TLS.
        String r = reply.endsWith("\r\nTLS") ? reply.substring(0, reply.length() - 5) : reply;
        out.write((r + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
