package dev.facteur.toolkit.check;

import dev.facteur.auth.dns.DnsResolver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A small HTTPS/1.1 GET of {@code https://mta-sts.DOMAIN/.well-known/mta-sts.txt} (RFC 8461 §3.3):
 * the name resolved through the toolkit's resolver, the certificate verified against the given
 * trust with the name checked (RFC 6125 via JSSE's "HTTPS" endpoint identification), no
 * redirects, the body at most 64 KiB, the whole fetch bounded by twice the timeout.
 */
public final class HttpsPolicyFetcher implements PolicyFetcher {

    /** RFC 8461 §3.3: senders may limit the policy to 64 KiB. */
    static final int MAX_BODY = 64 * 1024;
    private static final int MAX_HEADER_LINE = 8192;
    private static final int MAX_HEADERS = 100;

    private final DnsResolver dns;
    private final int port;
    private final X509TrustManager trust;
    private final Duration timeout;

    /** @param port 443, or a test server's port; @param trust the roots that judge the certificate */
    public HttpsPolicyFetcher(DnsResolver dns, int port, X509TrustManager trust, Duration timeout) {
        if (port < 1 || port > 65535 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("bad port or timeout");
        }
        this.dns = dns;
        this.port = port;
        this.trust = trust;
        this.timeout = timeout;
    }

    @Override
    public Result fetch(String policyDomain) {
        String host = "mta-sts." + policyDomain;
        List<InetAddress> addresses = new ArrayList<>(dns.a(host).values());
        addresses.addAll(dns.aaaa(host).values());
        if (addresses.isEmpty()) {
            return new Result.Failed(Step.CONNECT, host + " has no address");
        }
        long deadline = System.nanoTime() + timeout.multipliedBy(2).toNanos();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(addresses.getFirst(), port), (int) timeout.toMillis());
            raw.setSoTimeout((int) timeout.toMillis());
            SSLSocket tls = tls(raw, host);
            try {
                tls.startHandshake();
            } catch (SSLHandshakeException e) {
                return new Result.Failed(Step.CERTIFICATE, "TLS: " + String.valueOf(e.getMessage()));
            }
            OutputStream out = tls.getOutputStream();
            String authority = port == 443 ? host : host + ":" + port;
            out.write(("GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: " + authority + "\r\nAccept: text/plain\r\nConnection: close\r\nUser-Agent: facteur-check\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return response(new Bounded(new java.io.BufferedInputStream(tls.getInputStream(), 4096), tls, deadline, timeout));
        } catch (SocketTimeoutException e) {
            return new Result.Failed(Step.CONNECT, "no answer in time");
        } catch (ProtocolException e) {
            return new Result.Failed(Step.PROTOCOL, e.getMessage());
        } catch (IOException e) {
            return new Result.Failed(Step.CONNECT, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (GeneralSecurityException e) {
            return new Result.Failed(Step.CONNECT, "TLS unavailable in this runtime");
        }
    }

    private SSLSocket tls(Socket raw, String host) throws IOException, GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {trust}, null);
        SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, port, true);
        SSLParameters p = tls.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(host)));
        // RFC 8461 §3.3: the certificate must be valid for mta-sts.DOMAIN (RFC 6125).
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        tls.setSSLParameters(p);
        return tls;
    }

    /** RFC 9112 §4, §6: status line, headers, then a body by Content-Length, chunked, or until close. */
    private static Result response(Bounded in) throws IOException {
        String status = in.line();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
            return new Result.Failed(Step.PROTOCOL, "not an HTTP response");
        }
        String contentType = "";
        long length = -1;
        boolean chunked = false;
        for (int i = 0; ; i++) {
            String h = in.line();
            if (h.isEmpty()) {
                break;
            }
            if (i >= MAX_HEADERS) {
                return new Result.Failed(Step.PROTOCOL, "more than " + MAX_HEADERS + " header fields");
            }
            int colon = h.indexOf(':');
            String name = colon < 0 ? "" : h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : h.substring(colon + 1).strip();
            switch (name) {
                case "content-type" -> contentType = value;
                case "content-length" -> length = value.matches("[0-9]{1,12}") ? Long.parseLong(value) : -1;
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                default -> { }
            }
        }
        if (!parts[1].equals("200")) {
            return new Result.Failed(Step.STATUS, "HTTP status " + parts[1]);
        }
        if (length > MAX_BODY) {
            return new Result.Failed(Step.PROTOCOL, "policy larger than 64 KiB");
        }
        byte[] body = chunked ? in.chunked() : length >= 0 ? in.exactly((int) length) : in.untilClose();
        return new Result.Fetched(new String(body, StandardCharsets.UTF_8), contentType);
    }

    /** The server broke HTTP or a limit; not a connection problem. */
    private static final class ProtocolException extends IOException {
        ProtocolException(String message) {
            super(message);
        }
    }

    /** Reads bounded in size and by the deadline. */
    private static final class Bounded {
        private final InputStream in;
        private final Socket socket;
        private final long deadline;
        private final Duration timeout;

        Bounded(InputStream in, Socket socket, long deadline, Duration timeout) {
            this.in = in;
            this.socket = socket;
            this.deadline = deadline;
            this.timeout = timeout;
        }

        int read() throws IOException {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException("fetch time limit reached");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(timeout.toMillis(), remaining / 1_000_000)));
            return in.read();
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(128);
            for (int c = read(); c != '\n'; c = read()) {
                if (c < 0) {
                    throw new ProtocolException("connection closed in the headers");
                }
                if (b.size() >= MAX_HEADER_LINE) {
                    throw new ProtocolException("header line too long");
                }
                b.write(c);
            }
            String s = b.toString(StandardCharsets.ISO_8859_1);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        byte[] exactly(int n) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(Math.min(n, 4096));
            while (b.size() < n) {
                int c = read();
                if (c < 0) {
                    throw new ProtocolException("body cut short");
                }
                b.write(c);
            }
            return b.toByteArray();
        }

        byte[] untilClose() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(4096);
            for (int c = read(); c >= 0; c = read()) {
                if (b.size() >= MAX_BODY) {
                    throw new ProtocolException("policy larger than 64 KiB");
                }
                b.write(c);
            }
            return b.toByteArray();
        }

        byte[] chunked() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(4096);
            while (true) {
                String size = line();
                int semi = size.indexOf(';');
                String hex = (semi < 0 ? size : size.substring(0, semi)).strip();
                if (!hex.matches("[0-9A-Fa-f]{1,6}")) {
                    throw new ProtocolException("bad chunk size");
                }
                int n = Integer.parseInt(hex, 16);
                if (n == 0) {
                    return b.toByteArray();
                }
                if (b.size() + n > MAX_BODY) {
                    throw new ProtocolException("policy larger than 64 KiB");
                }
                b.writeBytes(exactly(n));
                line();
            }
        }
    }
}
