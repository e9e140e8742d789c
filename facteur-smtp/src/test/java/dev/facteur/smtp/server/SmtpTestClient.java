package dev.facteur.smtp.server;

import dev.facteur.testkit.TrustAllTls;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;

/** A raw SMTP client for tests, in the fluent form: {@code c.send("RCPT TO:<a@b>").expect("250 2.1.5")}. */
final class SmtpTestClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private SmtpTestClient(Socket socket) throws IOException {
        attach(socket);
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        s.setSoTimeout(15_000);
        s.setTcpNoDelay(true);
        this.in = new BufferedInputStream(s.getInputStream());
        this.out = s.getOutputStream();
    }

    static SmtpTestClient connect(InetSocketAddress a) throws IOException {
        return new SmtpTestClient(new Socket(a.getAddress(), a.getPort()));
    }

    static SmtpTestClient connectTls(InetSocketAddress a) throws IOException {
        SSLSocket s = (SSLSocket) TrustAllTls.context().getSocketFactory().createSocket(a.getAddress(), a.getPort());
        s.startHandshake();
        return new SmtpTestClient(s);
    }

    /** Sends a line with CRLF. */
    SmtpTestClient send(String line) throws IOException {
        return raw(line + "\r\n");
    }

    /** Sends the text as UTF-8, without adding CRLF. */
    SmtpTestClient raw(String octets) throws IOException {
        out.write(octets.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    SmtpTestClient raw(byte[] octets) throws IOException {
        out.write(octets);
        out.flush();
        return this;
    }

    /** Reads one whole reply (all its lines) and checks that its last line starts with {@code prefix}. */
    SmtpTestClient expect(String prefix) throws IOException {
        List<String> reply = reply();
        assertThat(reply).as("reply").isNotEmpty();
        assertThat(reply.getLast()).as("reply to the last command").startsWith(prefix);
        return this;
    }

    /** Reads one whole reply and returns its lines. */
    List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            if (line == null) {
                return lines;
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    /** One line without CRLF, or null at end of stream. */
    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    /** Asserts that the server closed the connection. */
    void expectClosed() throws IOException {
        assertThat(line()).as("expected the server to close").isNull();
    }

    /** Switches to TLS after a 220 to STARTTLS. */
    SmtpTestClient startTls() throws IOException {
        SSLSocket s = (SSLSocket) TrustAllTls.context().getSocketFactory()
                .createSocket(socket, "mx.example.com", socket.getPort(), true);
        s.startHandshake();
        attach(s);
        return this;
    }

    SmtpTestClient ehlo() throws IOException {
        return send("EHLO client.test").expect("250 ");
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
