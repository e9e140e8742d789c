package dev.facteur.smtp.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads SMTP replies from a peer that may be hostile: lines and replies are bounded, so an endless
 * reply or a line without end fails the session instead of filling memory.
 */
final class ReplyReader {

    /** RFC 5321 §4.5.3.1.5 says 512 octets per reply line; we accept more, but not without bound. */
    static final int MAX_LINE = 2048;
    /** No server needs more lines than this in one reply (EHLO lists a few dozen at most). */
    static final int MAX_LINES = 200;

    private final InputStream in;
    private final byte[] line = new byte[MAX_LINE];

    ReplyReader(InputStream in) {
        this.in = in;
    }

    SmtpReply read() throws SmtpClientException {
        List<String> texts = new ArrayList<>();
        int code = -1;
        Optional<EnhancedStatus> status = Optional.empty();
        while (true) {
            String l = readLine();
            // RFC 5321 §4.2: Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF
            if (l.length() < 3 || !isDigits(l.substring(0, 3))) {
                throw protocol("malformed reply line");
            }
            int c = Integer.parseInt(l.substring(0, 3));
            if (c < 200 || c > 599 || c / 10 % 10 > 5) {
                throw protocol("reply code out of range");
            }
            if (code >= 0 && c != code) {
                // RFC 5321 §4.2.1: every line of a multi-line reply carries the same code.
                throw protocol("reply code changed within a multi-line reply");
            }
            code = c;
            boolean last = l.length() == 3 || l.charAt(3) == ' ';
            if (!last && l.charAt(3) != '-') {
                throw protocol("malformed reply separator");
            }
            String text = l.length() > 4 ? l.substring(4) : "";
            // RFC 2034 §4: the enhanced code follows the reply code on each line of the reply.
            Optional<EnhancedStatus> s = EnhancedStatus.parsePrefix(text);
            if (s.isPresent() && s.get().statusClass() == code / 100) {
                if (status.isEmpty()) {
                    status = s;
                }
                text = text.length() > s.get().toString().length() ? text.substring(s.get().toString().length() + 1) : "";
            }
            if (texts.size() >= MAX_LINES) {
                throw protocol("reply has too many lines");
            }
            texts.add(text);
            if (last) {
                return new SmtpReply(code, status, texts);
            }
        }
    }

    private String readLine() throws SmtpClientException {
        int n = 0;
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new SmtpClientException(SmtpClientException.Kind.CONNECTION_LOST, "connection closed by peer");
                }
                if (b == '\n') {
                    // Deviation: a bare LF ends a reply line too (RFC 5321 §4.1.1 wants CRLF), as every MTA tolerates.
                    int end = n > 0 && line[n - 1] == '\r' ? n - 1 : n;
                    return new String(line, 0, end, StandardCharsets.UTF_8);
                }
                if (n == MAX_LINE) {
                    throw protocol("reply line too long");
                }
                line[n++] = (byte) b;
            }
        } catch (SocketTimeoutException e) {
            throw new SmtpClientException(SmtpClientException.Kind.TIMEOUT, "timed out waiting for a reply", e);
        } catch (SmtpClientException e) {
            throw e;
        } catch (IOException e) {
            throw new SmtpClientException(SmtpClientException.Kind.CONNECTION_LOST, "reading reply failed", e);
        }
    }

    private static boolean isDigits(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static SmtpClientException protocol(String message) {
        return new SmtpClientException(SmtpClientException.Kind.PROTOCOL_ERROR, message);
    }
}
