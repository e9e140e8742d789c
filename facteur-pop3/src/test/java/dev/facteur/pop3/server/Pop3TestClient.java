package dev.facteur.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A scripted POP3 client for tests: send a line, expect a reply, read multi-line bodies raw. */
final class Pop3TestClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private String lastLine = "";

    private Pop3TestClient(Socket socket) throws IOException {
        attach(socket);
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        s.setSoTimeout(20_000);
        s.setTcpNoDelay(true);
        this.in = new BufferedInputStream(s.getInputStream());
        this.out = s.getOutputStream();
    }

    static Pop3TestClient plain(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, 5000);
        return new Pop3TestClient(s);
    }

    static Pop3TestClient tls(InetSocketAddress address, SSLContext context) throws IOException {
        Socket raw = new Socket();
        raw.connect(address, 5000);
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(raw, "pop.test", address.getPort(), true);
        s.startHandshake();
        return new Pop3TestClient(s);
    }

    /** Upgrades this connection to TLS after the server's +OK to STLS. */
    void startTls(SSLContext context) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(socket, "pop.test", socket.getPort(), true);
        s.startHandshake();
        attach(s);
    }

    boolean isTls() {
        return socket instanceof SSLSocket;
    }

    Pop3TestClient send(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one reply line and checks it starts with {@code prefix}; returns the line. */
    String expect(String prefix) throws IOException {
        String line = line();
        assertThat(line).startsWith(prefix);
        return line;
    }

    /** The last line read by {@link #line()}, without CRLF. */
    String lastLine() {
        return lastLine;
    }

    /** Reads one line without its CRLF; fails on a line not ended by CRLF. */
    String line() throws IOException {
        byte[] raw = rawLine();
        lastLine = new String(raw, StandardCharsets.UTF_8).strip();
        assertThat(raw.length).isGreaterThanOrEqualTo(2);
        assertThat(new String(raw, raw.length - 2, 2, StandardCharsets.ISO_8859_1)).isEqualTo("\r\n");
        return new String(raw, 0, raw.length - 2, StandardCharsets.UTF_8);
    }

    private byte[] rawLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        throw new EOFException("connection closed after " + line.size() + " octets");
    }

    /** Reads a multi-line body up to the terminating dot and un-stuffs it; lines without CRLF. */
    List<String> body() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String l = line();
            if (l.equals(".")) {
                return lines;
            }
            lines.add(l.startsWith(".") ? l.substring(1) : l);
        }
    }

    /** Reads a multi-line body and returns its octets un-stuffed, CRLFs included (what RETR means). */
    byte[] bodyOctets() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
            byte[] raw = rawLine();
            if (raw.length == 3 && raw[0] == '.' && raw[1] == '\r') {
                return all.toByteArray();
            }
            int skip = raw[0] == '.' ? 1 : 0;
            all.write(raw, skip, raw.length - skip);
        }
    }

    /** True once the server has closed the connection (reads to end of stream). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true; // reset by peer is a close too
        }
    }

    /** Logs in with USER/PASS and returns the +OK line. */
    String login(String user, String password) throws IOException {
        send("USER " + user).expect("+OK");
        return send("PASS " + password).expect("+OK");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
