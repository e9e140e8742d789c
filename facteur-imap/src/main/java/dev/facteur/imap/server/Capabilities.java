package dev.facteur.imap.server;

import java.util.ArrayList;
import java.util.List;

/** The CAPABILITY list: only what this server implements (RFC 9051 §7.2.2). */
final class Capabilities {

    private static final List<String> AFTER_LOGIN = List.of(
            "IMAP4rev1", "IMAP4rev2", "LITERAL+", "ENABLE", "IDLE", "NAMESPACE", "ID", "UNSELECT", "UIDPLUS",
            "MOVE", "CHILDREN", "LIST-EXTENDED", "LIST-STATUS", "SPECIAL-USE", "CREATE-SPECIAL-USE", "CONDSTORE",
            "QRESYNC", "ESEARCH", "SEARCHRES", "SORT", "SORT=DISPLAY", "THREAD=ORDEREDSUBJECT", "THREAD=REFERENCES",
            "STATUS=SIZE", "QUOTA", "QUOTA=RES-STORAGE", "MULTIAPPEND", "BINARY", "UTF8=ACCEPT", "WITHIN",
            "SAVEDATE", "OBJECTID", "COMPRESS=DEFLATE");

    private Capabilities() {}

    /**
     * @param authenticated after login: the full list
     * @param passwordsAllowed TLS is on (or plaintext is allowed here); otherwise LOGINDISABLED
     *                         (RFC 9051 §6.2.3) and only mechanisms that do not reveal a password
     * @param mechanisms the SASL mechanisms offered
     */
    static String list(boolean authenticated, boolean canStartTls, boolean passwordsAllowed, List<String> mechanisms,
                       long appendLimit) {
        List<String> caps = new ArrayList<>();
        if (authenticated) {
            caps.addAll(AFTER_LOGIN);
            caps.add("APPENDLIMIT=" + appendLimit); // RFC 7889 §2
            return String.join(" ", caps);
        }
        caps.addAll(List.of("IMAP4rev1", "IMAP4rev2", "LITERAL+", "SASL-IR", "ID", "ENABLE", "IDLE"));
        if (canStartTls) {
            caps.add("STARTTLS");
        }
        if (!passwordsAllowed) {
            caps.add("LOGINDISABLED");
        }
        for (String m : mechanisms) {
            if (passwordsAllowed || m.startsWith("SCRAM-")) {
                caps.add("AUTH=" + m);
            }
        }
        return String.join(" ", caps);
    }
}
