package dev.facteur.toolkit.server;

/** The client-facing mail services probed by {@code facteur check server}, with their standard ports. */
public enum Service {
    SMTP(Protocol.SMTP, 25, false),
    SUBMISSIONS(Protocol.SMTP, 465, true),
    SUBMISSION(Protocol.SMTP, 587, false),
    IMAP(Protocol.IMAP, 143, false),
    IMAPS(Protocol.IMAP, 993, true),
    POP3(Protocol.POP3, 110, false),
    POP3S(Protocol.POP3, 995, true);

    /** The wire protocol. */
    public enum Protocol { SMTP, IMAP, POP3 }

    private final Protocol protocol;
    private final int standardPort;
    private final boolean implicitTls;

    Service(Protocol protocol, int standardPort, boolean implicitTls) {
        this.protocol = protocol;
        this.standardPort = standardPort;
        this.implicitTls = implicitTls;
    }

    public Protocol protocol() {
        return protocol;
    }

    public int standardPort() {
        return standardPort;
    }

    /** RFC 8314 §3: TLS from the first byte (465, 993, 995); otherwise STARTTLS/STLS. */
    public boolean implicitTls() {
        return implicitTls;
    }
}
