package dev.facteur.smtp.server;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.net.TlsInfo;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The trace fields SMTP adds: Received (RFC 5321 §4.4) and Return-Path (§4.4, at final delivery). */
final class TraceHeaders {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

    private TraceHeaders() {
    }

    /** The received-by information of one transaction. */
    record Stamp(String helo, InetSocketAddress remote, String hostname, String with, String id,
                 Optional<TlsInfo> tls, Instant time) {}

    /** RFC 5321 §4.4 Time-stamp-line, folded, ending with CRLF. */
    static String received(Stamp s) {
        String ip = s.remote().getAddress() instanceof Inet6Address
                ? "IPv6:" + s.remote().getAddress().getHostAddress()
                : s.remote().getAddress().getHostAddress();
        StringBuilder b = new StringBuilder(256);
        b.append("Received: from ").append(s.helo()).append(" ([").append(ip).append("])\r\n");
        b.append("\tby ").append(s.hostname()).append(" (Facteur) with ").append(s.with()).append(" id ").append(s.id());
        // RFC 8314 §7.4: record the TLS cipher suite (the "tls" clause) and version.
        s.tls().ifPresent(t -> b.append("\r\n\ttls ").append(t.cipherSuite()).append(" (").append(t.protocol()).append(')'));
        b.append(";\r\n\t");
        appendDate(b, s.time());
        return b.append("\r\n").toString();
    }

    /**
     * RFC 5322 §3.3 date-time in UTC, "Thu, 26 Nov 2026 23:40:00 +0000" (what the pattern
     * {@code EEE, d MMM yyyy HH:mm:ss Z} gives), written without a formatter: one per message is hot.
     */
    static void appendDate(StringBuilder b, Instant time) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        b.append(DAYS[t.getDayOfWeek().ordinal()]).append(", ").append(t.getDayOfMonth()).append(' ')
                .append(MONTHS[t.getMonthValue() - 1]).append(' ');
        int year = t.getYear();
        if (year >= 0 && year < 1000) {
            b.append(year < 10 ? "000" : year < 100 ? "00" : "0");
        }
        b.append(year).append(' ');
        twoDigits(b, t.getHour()).append(':');
        twoDigits(b, t.getMinute()).append(':');
        twoDigits(b, t.getSecond()).append(" +0000");
    }

    private static StringBuilder twoDigits(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /**
     * RFC 5321 §4.4 / RFC 3848 and RFC 6531 §3.7.3 "with" values: SMTP for HELO, ESMTP for EHLO,
     * S for TLS, A for AUTH, UTF8 prefix for SMTPUTF8.
     */
    static String withProtocol(boolean esmtp, boolean utf8, boolean tls, boolean authenticated) {
        if (!esmtp) {
            return "SMTP";
        }
        return (utf8 ? "UTF8SMTP" : "ESMTP") + (tls ? "S" : "") + (authenticated ? "A" : "");
    }

    /** RFC 5321 §4.4: Return-Path with the reverse-path, {@code <>} for the null sender. */
    static String returnPath(Optional<EmailAddress> sender, boolean utf8) {
        return "Return-Path: <" + sender.map(a -> pathForm(a, utf8)).orElse("") + ">\r\n";
    }

    /** An address as it travels: with SMTPUTF8, the domain in U-labels (kept intact, RFC 6531). */
    static String pathForm(EmailAddress a, boolean utf8) {
        if (!utf8) {
            return a.toString();
        }
        String text = a.toString();
        return text.substring(0, text.length() - a.domain().name().length()) + a.domain().unicode();
    }

    /** Received fields in the header section (up to the first empty line). */
    static int countReceived(byte[] m) {
        int count = 0;
        int i = 0;
        while (i < m.length) {
            if (m[i] == '\r' && i + 1 < m.length && m[i + 1] == '\n') {
                break; // empty line: end of the header section
            }
            if (startsWithIgnoreCase(m, i, "Received:")) {
                count++;
            }
            while (i < m.length && m[i] != '\n') {
                i++;
            }
            i++;
        }
        return count;
    }

    private static boolean startsWithIgnoreCase(byte[] m, int at, String prefix) {
        if (at + prefix.length() > m.length) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (Character.toLowerCase((char) m[at + k]) != Character.toLowerCase(prefix.charAt(k))) {
                return false;
            }
        }
        return true;
    }
}
