package dev.facteur.toolkit.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text SMTP connection used for callouts: writes one command line, reads one reply, and
 * bounds everything a hostile server could stretch: the line length, the lines per reply, the
 * wait for each read and the whole session's time.
 *
 * <p>Deviation: a minimal command/reply client kept inside the toolkit because the outbound SMTP
 * client was not yet available on this branch; it never sends DATA, so it never carries a message.
 */
final class CalloutConnection implements AutoCloseable {

    /** RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets; we tolerate 2048 before giving up. */
    static final int MAX_LINE = 2048;
    /** More lines than any EHLO reply needs; an endless multi-line reply is cut here. */
    static final int MAX_REPLY_LINES = 64;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Duration readTimeout;
    private final long deadlineNanos;

    private CalloutConnection(Socket socket, Duration readTimeout, long deadlineNanos) throws IOException {
        this.socket = socket;
        this.in = new java.io.BufferedInputStream(socket.getInputStream(), 4096);
        this.out = socket.getOutputStream();
        this.readTimeout = readTimeout;
        this.deadlineNanos = deadlineNanos;
    }

    /** Connects within {@code connectTimeout}; the session must end within {@code sessionLimit}. */
    static CalloutConnection open(InetSocketAddress address, Duration connectTimeout, Duration readTimeout,
            Duration sessionLimit) throws IOException {
        long deadline = System.nanoTime() + sessionLimit.toNanos();
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, (int) Math.max(1, connectTimeout.toMillis()));
            return new CalloutConnection(s, readTimeout, deadline);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Sends one command line (CRLF added) and reads its reply. */
    SmtpReply command(String line) throws IOException {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("CR or LF in SMTP command");
        }
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    /** Reads one (possibly multi-line) reply: RFC 5321 §4.2.1 "code-text" lines then "code text". */
    SmtpReply read() throws IOException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (true) {
            String line = readLine();
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2))) {
                throw new SmtpProtocolException("reply line without a code");
            }
            int c = Integer.parseInt(line.substring(0, 3));
            if (c < 200 || c > 599 || (code >= 0 && c != code)) {
                throw new SmtpProtocolException("reply code out of range or changing within a reply");
            }
            code = c;
            boolean more = line.length() > 3 && line.charAt(3) == '-';
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (!more) {
                return SmtpReply.of(code, lines);
            }
            if (lines.size() >= MAX_REPLY_LINES) {
                throw new SmtpProtocolException("reply longer than " + MAX_REPLY_LINES + " lines");
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        while (true) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException("session time limit reached");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(readTimeout.toMillis(), remaining / 1_000_000)));
            int c = in.read();
            if (c < 0) {
                throw new SmtpProtocolException("connection closed by the server");
            }
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            if (b.size() >= MAX_LINE) {
                throw new SmtpProtocolException("reply line longer than " + MAX_LINE + " octets");
            }
            b.write(c);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket the server may already have dropped
        }
    }
}
