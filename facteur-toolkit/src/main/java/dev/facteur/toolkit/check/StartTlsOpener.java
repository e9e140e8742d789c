package dev.facteur.toolkit.check;

import dev.facteur.toolkit.tls.TlsScanner;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Opens an SMTP connection to an MX, goes through greeting, EHLO and STARTTLS (RFC 3207 §4) and
 * hands the raw socket to the {@link TlsScanner} for one ClientHello. Every read is bounded by the
 * step timeout and the whole connection by the scanner's remaining budget; replies are read a
 * bounded line at a time and at most {@value #MAX_LINES} lines each.
 */
final class StartTlsOpener implements TlsScanner.Opener {

    /** RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets; allow some slack. */
    private static final int MAX_LINE = 1024;
    private static final int MAX_LINES = 100;

    private final InetSocketAddress address;
    private final Duration timeout;
    private final String heloName;

    StartTlsOpener(InetSocketAddress address, Duration timeout, String heloName) {
        this.address = address;
        this.timeout = timeout;
        this.heloName = heloName;
    }

    @Override
    public TlsScanner.Channel open(Duration remaining) throws IOException {
        long deadline = System.nanoTime() + remaining.toNanos();
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, (int) Math.max(1, Math.min(timeout.toMillis(), remaining.toMillis())));
            Wire w = new Wire(s, timeout, deadline);
            expect(w, "220", "greeting");
            w.send("EHLO " + heloName);
            String ehlo = expect(w, "250", "EHLO");
            // RFC 3207 §4: STARTTLS is an EHLO keyword.
            if (ehlo.lines().noneMatch(l -> l.length() >= 4 && l.substring(4).trim().toUpperCase(Locale.ROOT).equals("STARTTLS"))) {
                throw new IOException("STARTTLS not offered");
            }
            w.send("STARTTLS");
            expect(w, "220", "STARTTLS");
            return w;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static String expect(Wire w, String code, String step) throws IOException {
        String reply = w.reply();
        if (!reply.startsWith(code)) {
            throw new IOException(step + " answered " + reply.substring(0, Math.min(3, reply.length())));
        }
        return reply;
    }

    /** The connection: SMTP lines before the handshake, raw octets for the scanner after it. */
    private static final class Wire implements TlsScanner.Channel {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final Duration timeout;
        private final long deadline;

        Wire(Socket socket, Duration timeout, long deadline) throws IOException {
            this.socket = socket;
            // Unbuffered beyond what is read: RFC 3207 §4.2, nothing after the 220 may be taken as SMTP.
            this.in = new BufferedInputStream(socket.getInputStream(), 1);
            this.out = socket.getOutputStream();
            this.timeout = timeout;
            this.deadline = deadline;
        }

        void send(String line) throws IOException {
            write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        /** A whole reply (RFC 5321 §4.2.1: "xyz-" continues, "xyz " ends), lines joined by LF. */
        String reply() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int n = 0; n < MAX_LINES; n++) {
                String line = line();
                b.append(line).append('\n');
                if (line.length() < 4 || line.charAt(3) != '-') {
                    return b.toString();
                }
            }
            throw new IOException("reply longer than " + MAX_LINES + " lines");
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            while (b.length() < MAX_LINE) {
                int c = readOne();
                if (c == '\n') {
                    int end = b.length() > 0 && b.charAt(b.length() - 1) == '\r' ? b.length() - 1 : b.length();
                    return b.substring(0, end);
                }
                b.append((char) c);
            }
            throw new IOException("reply line longer than " + MAX_LINE + " octets");
        }

        private int readOne() throws IOException {
            arm();
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed");
            }
            return c;
        }

        /** Sets the read timeout to the step timeout or what is left of the deadline, whichever is shorter. */
        private void arm() throws IOException {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("scan deadline reached");
            }
            socket.setSoTimeout((int) Math.min(timeout.toMillis(), left));
        }

        @Override
        public void write(byte[] data) throws IOException {
            out.write(data);
            out.flush();
        }

        @Override
        public byte[] readExactly(int n) throws IOException {
            byte[] b = new byte[n];
            int got = 0;
            while (got < n) {
                arm();
                int r = in.read(b, got, n - got);
                if (r < 0) {
                    throw new IOException("connection closed");
                }
                got += r;
            }
            return b;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
