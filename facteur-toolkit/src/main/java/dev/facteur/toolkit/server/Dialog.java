package dev.facteur.toolkit.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The few commands of SMTP, IMAP and POP3 a probe needs: greeting, capabilities, STARTTLS, login. */
final class Dialog {

    private static final int MAX_LINES = 200;

    /** What the server offers: STARTTLS, the SASL mechanisms, and whether plain LOGIN is disabled. */
    record Capabilities(boolean startTls, List<String> sasl, boolean loginDisabled) {
        Capabilities {
            sasl = List.copyOf(sasl);
        }
    }

    /** The outcome of a login: the step reached and the server's words. */
    record Login(boolean success, String step, String reply) {
    }

    private final Service.Protocol protocol;
    private final String clientName;
    private int tag;

    Dialog(Service.Protocol protocol, String clientName) {
        this.protocol = protocol;
        this.clientName = clientName;
    }

    /** Reads the greeting; returns it if positive, else throws with its text. */
    String greeting(ProbeConnection c) throws IOException {
        return switch (protocol) {
            case SMTP -> {
                List<String> r = smtpReply(c);
                // RFC 5321 §4.2: 220 is service ready.
                if (!r.getFirst().startsWith("220")) {
                    throw new IOException("greeting " + r.getFirst());
                }
                yield r.getFirst();
            }
            case IMAP -> {
                String l = c.readLine();
                // RFC 9051 §7.1.1/§7.1.4: * OK or * PREAUTH greets; * BYE refuses.
                if (!l.startsWith("* OK") && !l.startsWith("* PREAUTH")) {
                    throw new IOException("greeting " + l);
                }
                yield l;
            }
            case POP3 -> {
                String l = c.readLine();
                // RFC 1939 §4: +OK greeting.
                if (!l.startsWith("+OK")) {
                    throw new IOException("greeting " + l);
                }
                yield l;
            }
        };
    }

    Capabilities capabilities(ProbeConnection c) throws IOException {
        List<String> lines = switch (protocol) {
            case SMTP -> {
                c.send("EHLO " + clientName);
                List<String> r = smtpReply(c);
                yield r.getFirst().startsWith("250") ? r.stream().skip(1).map(l -> l.length() > 4 ? l.substring(4) : "").toList() : List.of();
            }
            case IMAP -> imapCommand(c, "CAPABILITY").stream().filter(l -> l.toUpperCase(Locale.ROOT).startsWith("* CAPABILITY"))
                    .flatMap(l -> List.of(l.substring(12).strip().split("\\s+")).stream()).toList();
            case POP3 -> pop3Capa(c);
        };
        boolean startTls = false;
        boolean loginDisabled = false;
        Set<String> sasl = new LinkedHashSet<>();
        for (String l : lines) {
            String u = l.toUpperCase(Locale.ROOT).strip();
            switch (protocol) {
                case SMTP -> {
                    startTls |= u.equals("STARTTLS");
                    // RFC 4954 §3: AUTH followed by the mechanisms.
                    if (u.startsWith("AUTH ") || u.startsWith("AUTH=")) {
                        sasl.addAll(List.of(u.substring(5).strip().split("\\s+")));
                    }
                }
                case IMAP -> {
                    startTls |= u.equals("STARTTLS");
                    loginDisabled |= u.equals("LOGINDISABLED");
                    if (u.startsWith("AUTH=")) {
                        sasl.add(u.substring(5));
                    }
                }
                case POP3 -> {
                    startTls |= u.equals("STLS");
                    // RFC 5034 §3: SASL followed by the mechanisms.
                    if (u.startsWith("SASL ")) {
                        sasl.addAll(List.of(u.substring(5).strip().split("\\s+")));
                    }
                    if (u.equals("USER")) {
                        sasl.add("USER");
                    }
                }
            }
        }
        sasl.remove("");
        return new Capabilities(startTls, List.copyOf(sasl), loginDisabled);
    }

    /** Sends STARTTLS (STLS for POP3); true if the server agreed. */
    boolean startTls(ProbeConnection c) throws IOException {
        return switch (protocol) {
            case SMTP -> {
                c.send("STARTTLS");
                yield smtpReply(c).getFirst().startsWith("220");
            }
            case IMAP -> imapCommand(c, "STARTTLS").getLast().toUpperCase(Locale.ROOT).startsWith("A" + tag + " OK");
            case POP3 -> {
                c.send("STLS");
                yield c.readLine().startsWith("+OK");
            }
        };
    }

    /** Tries AUTH PLAIN (RFC 4616) or the protocol's plain login; the password never appears in the outcome. */
    Login login(ProbeConnection c, Capabilities caps, String user, String password) throws IOException {
        String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return switch (protocol) {
            case SMTP -> {
                if (!caps.sasl().contains("PLAIN") && !caps.sasl().contains("LOGIN")) {
                    yield new Login(false, "mechanism", "no password mechanism offered (" + String.join(" ", caps.sasl()) + ")");
                }
                c.send("AUTH PLAIN " + plain);
                String r = smtpReply(c).getFirst();
                yield new Login(r.startsWith("235"), r.startsWith("235") ? "ok" : "credentials", r);
            }
            case IMAP -> {
                if (!caps.sasl().contains("PLAIN") && caps.loginDisabled()) {
                    // RFC 9051 §6.2.3: LOGINDISABLED forbids LOGIN; only the SASL mechanisms remain.
                    yield new Login(false, "mechanism", "LOGIN disabled and no password mechanism offered (" + String.join(" ", caps.sasl()) + ")");
                }
                List<String> r = caps.sasl().contains("PLAIN") ? imapCommand(c, "AUTHENTICATE PLAIN " + plain)
                        : imapCommand(c, "LOGIN " + quote(user) + " " + quote(password));
                String last = r.getLast();
                boolean ok = last.toUpperCase(Locale.ROOT).startsWith("A" + tag + " OK");
                yield new Login(ok, ok ? "ok" : "credentials", last.replace(password, "********"));
            }
            case POP3 -> {
                c.send("USER " + user);
                String u = c.readLine();
                if (!u.startsWith("+OK")) {
                    yield new Login(false, "user", u);
                }
                c.send("PASS " + password);
                String p = c.readLine();
                yield new Login(p.startsWith("+OK"), p.startsWith("+OK") ? "ok" : "credentials", p);
            }
        };
    }

    void quit(ProbeConnection c) {
        try {
            switch (protocol) {
                case SMTP, POP3 -> c.send("QUIT");
                case IMAP -> c.send("A" + (++tag) + " LOGOUT");
            }
        } catch (IOException ignored) {
            // the probe is over either way
        }
    }

    /** RFC 5321 §4.2.1: lines "code-text" until "code text". */
    private static List<String> smtpReply(ProbeConnection c) throws IOException {
        List<String> lines = new ArrayList<>();
        while (lines.size() < MAX_LINES) {
            String l = c.readLine();
            lines.add(l);
            if (l.length() < 4 || l.charAt(3) != '-') {
                return lines;
            }
        }
        throw new IOException("reply longer than " + MAX_LINES + " lines");
    }

    private List<String> imapCommand(ProbeConnection c, String command) throws IOException {
        String t = "A" + (++tag);
        c.send(t + " " + command);
        List<String> lines = new ArrayList<>();
        while (lines.size() < MAX_LINES) {
            String l = c.readLine();
            lines.add(l);
            if (l.startsWith(t + " ")) {
                return lines;
            }
        }
        throw new IOException("response longer than " + MAX_LINES + " lines");
    }

    /** RFC 2449 §5: CAPA, lines until ".". */
    private static List<String> pop3Capa(ProbeConnection c) throws IOException {
        c.send("CAPA");
        if (!c.readLine().startsWith("+OK")) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        while (lines.size() < MAX_LINES) {
            String l = c.readLine();
            if (l.equals(".")) {
                return lines;
            }
            lines.add(l);
        }
        throw new IOException("CAPA longer than " + MAX_LINES + " lines");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
