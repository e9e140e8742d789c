package dev.facteur.smtp.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A scriptable, fault-injecting SMTP server on a loopback address for client and delivery tests:
 * its greeting, extensions, TLS certificate and replies are set per test; it can stall, send an
 * endless reply, or refuse. It records every accepted message.
 */
public final class FakeSmtpPeer implements AutoCloseable {

    /** A message the peer accepted. */
    public record Received(String mailFrom, List<String> mailParams, List<String> rcptTo, List<String> rcptParams,
                           byte[] data, boolean tls, boolean pipelined, boolean bdat, String authUser) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    public volatile String greeting = "220 peer.test ESMTP fake";
    public volatile List<String> extensions = new ArrayList<>(List.of("PIPELINING", "SIZE 10000000", "8BITMIME",
            "ENHANCEDSTATUSCODES", "SMTPUTF8", "DSN"));
    public volatile SSLContext tls;
    public volatile String authUser;
    public volatile String authPassword;
    public volatile String mailReply = "250 2.1.0 Sender OK";
    public volatile Function<String, String> rcptReply = rcpt -> "250 2.1.5 Recipient OK";
    public final ConcurrentLinkedDeque<String> dataReplies = new ConcurrentLinkedDeque<>();
    public volatile String defaultDataReply = "250 2.0.0 Queued";
    public volatile boolean stallAfterGreeting;
    public volatile boolean stallAfterData;
    public volatile boolean endlessReplyToEhlo;

    private final ServerSocket server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private FakeSmtpPeer(ServerSocket server) {
        this.server = server;
        Thread.ofVirtual().name("fake-smtp-accept").start(this::acceptLoop);
    }

    /** Listens on {@code address} and {@code port} (0 for any free one). */
    public static FakeSmtpPeer start(String address, int port) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return new FakeSmtpPeer(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<String> commands() {
        return List.copyOf(commands);
    }

    public int connections() {
        return connections.get();
    }

    /** Closes every open connection, as a server whose idle timeout struck would. */
    public void dropConnections() {
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        open.clear();
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                open.add(s);
                Thread.ofVirtual().name("fake-smtp-conn").start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void stall() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Conn {
        Socket socket;
        InputStream in;
        OutputStream out;
        boolean tlsActive;
        String from;
        List<String> mailParams = List.of();
        final List<String> rcpts = new ArrayList<>();
        final List<String> rcptParams = new ArrayList<>();
        boolean pipelined;
        String user;
        ByteArrayOutputStream chunks;

        Conn(Socket s) throws IOException {
            attach(s);
        }

        void attach(Socket s) throws IOException {
            socket = s;
            in = new java.io.BufferedInputStream(s.getInputStream());
            out = s.getOutputStream();
        }

        void reply(String... lines) throws IOException {
            StringBuilder b = new StringBuilder();
            for (String l : lines) {
                b.append(l).append("\r\n");
            }
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    byte[] x = b.toByteArray();
                    int n = x.length > 0 && x[x.length - 1] == '\r' ? x.length - 1 : x.length;
                    return new String(x, 0, n, StandardCharsets.UTF_8);
                }
                b.write(c);
                if (b.size() > 100_000) {
                    throw new IOException("line too long");
                }
            }
            return null;
        }

        void reset() {
            from = null;
            mailParams = List.of();
            rcpts.clear();
            rcptParams.clear();
            pipelined = false;
            chunks = null;
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(30_000);
            Conn c = new Conn(s);
            c.reply(greeting);
            if (stallAfterGreeting) {
                stall();
                return;
            }
            String line;
            while ((line = c.line()) != null) {
                commands.add(line);
                if (!handle(c, line)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private boolean handle(Conn c, String line) throws IOException {
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.startsWith("EHLO ")) {
            ehlo(c);
        } else if (upper.startsWith("HELO ")) {
            c.reply("250 peer.test");
        } else if (upper.equals("STARTTLS") && tls != null && !c.tlsActive) {
            c.reply("220 2.0.0 Ready to start TLS");
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(c.socket, null, c.socket.getPort(), true);
            ssl.setUseClientMode(false);
            ssl.startHandshake();
            c.attach(ssl);
            c.tlsActive = true;
            c.reset();
        } else if (upper.startsWith("AUTH ")) {
            auth(c, line);
        } else if (upper.startsWith("MAIL FROM:")) {
            c.reset();
            c.pipelined = c.in.available() > 0;
            String[] parts = line.substring(10).split(" ");
            c.from = strip(parts[0]);
            c.mailParams = List.of(parts).subList(1, parts.length);
            c.reply(mailReply);
        } else if (upper.startsWith("RCPT TO:")) {
            String[] parts = line.substring(8).split(" ", 2);
            String rcpt = strip(parts[0]);
            String r = rcptReply.apply(rcpt);
            if (r.startsWith("2")) {
                c.rcpts.add(rcpt);
                c.rcptParams.add(parts.length > 1 ? parts[1] : "");
            }
            c.reply(r);
        } else if (upper.equals("DATA")) {
            data(c);
            return !stallAfterData;
        } else if (upper.startsWith("BDAT ")) {
            return bdat(c, line);
        } else if (upper.equals("RSET")) {
            c.reset();
            c.reply("250 2.0.0 OK");
        } else if (upper.equals("NOOP")) {
            c.reply("250 2.0.0 OK");
        } else if (upper.equals("QUIT")) {
            c.reply("221 2.0.0 Bye");
            return false;
        } else {
            c.reply("500 5.5.2 Unknown command");
        }
        return true;
    }

    private void ehlo(Conn c) throws IOException {
        if (endlessReplyToEhlo) {
            while (!closedNow()) {
                c.reply("250-endless");
            }
            return;
        }
        List<String> ext = new ArrayList<>(extensions);
        if (tls != null && !c.tlsActive) {
            ext.add("STARTTLS");
        }
        if (authUser != null && c.tlsActive) {
            ext.add("AUTH PLAIN LOGIN");
        }
        List<String> lines = new ArrayList<>();
        lines.add("250" + (ext.isEmpty() ? " " : "-") + "peer.test hello");
        for (int i = 0; i < ext.size(); i++) {
            lines.add("250" + (i == ext.size() - 1 ? " " : "-") + ext.get(i));
        }
        c.reply(lines.toArray(String[]::new));
    }

    private boolean closedNow() {
        return closed.getCount() == 0;
    }

    private void auth(Conn c, String line) throws IOException {
        String[] p = line.split(" ");
        String user;
        String pass;
        if (p[1].equalsIgnoreCase("PLAIN") && p.length == 3) {
            String[] f = new String(Base64.getDecoder().decode(p[2]), StandardCharsets.UTF_8).split("\0", -1);
            user = f.length == 3 ? f[1] : "";
            pass = f.length == 3 ? f[2] : "";
        } else if (p[1].equalsIgnoreCase("LOGIN")) {
            c.reply("334 VXNlcm5hbWU6");
            user = new String(Base64.getDecoder().decode(c.line()), StandardCharsets.UTF_8);
            c.reply("334 UGFzc3dvcmQ6");
            pass = new String(Base64.getDecoder().decode(c.line()), StandardCharsets.UTF_8);
        } else {
            c.reply("504 5.5.4 Unsupported mechanism");
            return;
        }
        if (user.equals(authUser) && pass.equals(authPassword)) {
            c.user = user;
            c.reply("235 2.7.0 Authentication succeeded");
        } else {
            c.reply("535 5.7.8 Authentication credentials invalid");
        }
    }

    private void data(Conn c) throws IOException {
        if (c.from == null || c.rcpts.isEmpty()) {
            c.reply("554 5.5.1 No valid recipients");
            return;
        }
        c.reply("354 Go ahead");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String l;
        while ((l = c.line()) != null && !l.equals(".")) {
            body.writeBytes((l.startsWith(".") ? l.substring(1) : l).getBytes(StandardCharsets.UTF_8));
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (stallAfterData) {
            stall();
            return;
        }
        finish(c, body.toByteArray(), false);
    }

    private boolean bdat(Conn c, String line) throws IOException {
        String[] p = line.split(" ");
        int n = Integer.parseInt(p[1]);
        boolean last = p.length > 2 && p[2].equalsIgnoreCase("LAST");
        byte[] chunk = c.in.readNBytes(n);
        if (c.chunks == null) {
            c.chunks = new ByteArrayOutputStream();
        }
        c.chunks.writeBytes(chunk);
        if (!last) {
            c.reply("250 2.0.0 " + n + " octets received");
            return true;
        }
        if (stallAfterData) {
            stall();
            return false;
        }
        finish(c, c.chunks.toByteArray(), true);
        return true;
    }

    private void finish(Conn c, byte[] data, boolean bdat) throws IOException {
        String r = dataReplies.isEmpty() ? defaultDataReply : dataReplies.poll();
        if (r.startsWith("2")) {
            received.add(new Received(c.from, c.mailParams, List.copyOf(c.rcpts), List.copyOf(c.rcptParams), data,
                    c.tlsActive, c.pipelined, bdat, c.user));
        }
        c.reply(r);
        c.reset();
    }

    private static String strip(String path) {
        String p = path.strip();
        if (p.startsWith("<")) {
            p = p.substring(1);
        }
        int gt = p.indexOf('>');
        return gt >= 0 ? p.substring(0, gt) : p;
    }
}
