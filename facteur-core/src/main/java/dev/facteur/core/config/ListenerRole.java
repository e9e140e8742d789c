package dev.facteur.core.config;

/** The listeners Facteur can open, with their config key and embedded-default port. */
public enum ListenerRole {
    /** MX: mail from other servers, STARTTLS offered, no AUTH (RFC 5321). */
    SMTP("smtp", 2525, 25, false),
    /** Message submission with STARTTLS required before AUTH (RFC 6409). */
    SUBMISSION("submission", 2587, 587, false),
    /** Message submission over implicit TLS (RFC 8314). */
    SUBMISSIONS("submissions", 2465, 465, true),
    IMAP("imap", 2143, 143, false),
    IMAPS("imaps", 2993, 993, true),
    POP3("pop3", 2110, 110, false),
    POP3S("pop3s", 2995, 995, true),
    /** Health, metrics, admin API and web pages. */
    HTTP("http", 8025, 8025, false);

    private final String key;
    private final int defaultPort;
    private final int standardPort;
    private final boolean implicitTls;

    ListenerRole(String key, int defaultPort, int standardPort, boolean implicitTls) {
        this.key = key;
        this.defaultPort = defaultPort;
        this.standardPort = standardPort;
        this.implicitTls = implicitTls;
    }

    public String key() {
        return key;
    }

    /** The unprivileged port of the embedded default. */
    public int defaultPort() {
        return defaultPort;
    }

    /** The IANA port a production server uses. */
    public int standardPort() {
        return standardPort;
    }

    public boolean implicitTls() {
        return implicitTls;
    }
}
