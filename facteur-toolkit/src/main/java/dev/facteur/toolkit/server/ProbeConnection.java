package dev.facteur.toolkit.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A line-oriented connection for probing SMTP, IMAP and POP3 servers, in clear or over TLS that
 * accepts any certificate (the certificate is judged afterwards, not trusted blindly for data:
 * the probe sends credentials only when the user asks). Lines are bounded in length, reads in
 * time and the whole probe by a deadline.
 */
final class ProbeConnection implements AutoCloseable {

    static final int MAX_LINE = 4096;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final Duration timeout;
    private final long deadline;

    private ProbeConnection(Socket socket, Duration timeout, long deadline) throws IOException {
        this.timeout = timeout;
        this.deadline = deadline;
        attach(socket);
    }

    static ProbeConnection open(InetSocketAddress address, Duration timeout, Duration limit) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, (int) timeout.toMillis());
            return new ProbeConnection(s, timeout, System.nanoTime() + limit.toNanos());
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        this.in = new BufferedInputStream(s.getInputStream(), 4096);
        this.out = s.getOutputStream();
    }

    /** Starts TLS over the connection (RFC 3207, RFC 9051 §6.2.1, RFC 2595 §4) offering only {@code protocols}. */
    SSLSession startTls(String serverName, String... protocols) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new InspectOnly()}, null);
            SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(socket, serverName, socket.getPort(), true);
            SSLParameters p = tls.getSSLParameters();
            p.setProtocols(protocols);
            p.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(serverName)));
            tls.setSSLParameters(p);
            tls.setSoTimeout((int) timeout.toMillis());
            tls.startHandshake();
            attach(tls);
            return tls.getSession();
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS unavailable in this runtime", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("TLS name or protocol refused: " + e.getMessage(), e);
        }
    }

    /** The raw connection for a hand-built ClientHello (after STARTTLS where the port needs it), bounded by the deadline. */
    dev.facteur.toolkit.tls.TlsScanner.Channel channel() {
        return new dev.facteur.toolkit.tls.TlsScanner.Channel() {
            @Override
            public void write(byte[] data) throws IOException {
                out.write(data);
                out.flush();
            }

            @Override
            public byte[] readExactly(int n) throws IOException {
                return ProbeConnection.this.readExactly(n);
            }

            @Override
            public void close() {
                ProbeConnection.this.close();
            }
        };
    }

    /** Exactly {@code n} octets, each read bounded by the step timeout and all by the deadline. */
    byte[] readExactly(int n) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            got += readSome(b, got, n - got);
        }
        return b;
    }

    private int readSome(byte[] b, int off, int len) throws IOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("probe time limit reached");
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(timeout.toMillis(), remaining / 1_000_000)));
        int r = in.read(b, off, len);
        if (r < 0) {
            throw new java.io.EOFException("connection closed by the server");
        }
        return r;
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One line without its CRLF; bounded in length and by the deadline. */
    String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException("probe time limit reached");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(timeout.toMillis(), remaining / 1_000_000)));
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c == '\n') {
                String s = b.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            if (b.size() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " octets");
            }
            b.write(c);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Accepts any chain so it can be inspected; CertificateCheck judges it. */
    private static final class InspectOnly implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // never used: we are the client
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // inspected afterwards by CertificateCheck
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
