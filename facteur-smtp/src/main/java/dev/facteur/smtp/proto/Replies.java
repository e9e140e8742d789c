package dev.facteur.smtp.proto;

/**
 * The reply catalogue: every reply Facteur sends, with the RFC that defines its code and
 * enhanced status (RFC 3463 unless noted). Text never includes client input verbatim except
 * where sanitised by the caller.
 */
public final class Replies {
    private Replies() {
    }

    // RFC 5321 §4.2.2 / §3.1: service ready and closing.
    public static SmtpReply greeting(String host) {
        return SmtpReply.plain(220, host + " ESMTP Facteur");
    }

    public static SmtpReply bye(String host) {
        return SmtpReply.of(221, "2.0.0", host + " closing connection");
    }

    public static final SmtpReply OK = SmtpReply.of(250, "2.0.0", "OK");
    public static final SmtpReply SENDER_OK = SmtpReply.of(250, "2.1.0", "Sender OK");
    public static final SmtpReply RECIPIENT_OK = SmtpReply.of(250, "2.1.5", "Recipient OK");
    // RFC 5321 §4.2.1: 354 carries no enhanced code (RFC 2034 §3 intermediate replies).
    public static final SmtpReply START_DATA = SmtpReply.plain(354, "End data with <CR><LF>.<CR><LF>");
    // RFC 3207 §4: 220 to proceed with TLS.
    public static final SmtpReply READY_FOR_TLS = SmtpReply.of(220, "2.0.0", "Ready to start TLS");
    // RFC 4954 §6: 235 2.7.0.
    public static final SmtpReply AUTH_OK = SmtpReply.of(235, "2.7.0", "Authentication successful");
    public static final SmtpReply HELP = SmtpReply.of(214, "2.0.0", "See RFC 5321; commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY STARTTLS AUTH");
    // RFC 5321 §3.5.3: 252 when the server will not verify but will try delivery.
    public static final SmtpReply VRFY_NOT_VERIFIED = SmtpReply.of(252, "2.5.0", "Cannot VRFY user; send mail to find out");
    public static final SmtpReply EXPN_DISABLED = SmtpReply.of(502, "5.5.1", "EXPN is not available");

    public static SmtpReply accepted(String id) {
        return SmtpReply.of(250, "2.0.0", "OK: queued as " + id);
    }

    public static SmtpReply bdatChunkAccepted(long octets) {
        return SmtpReply.of(250, "2.0.0", octets + " octets received");
    }

    // 421: the connection is being closed (RFC 5321 §3.8).
    public static SmtpReply timeout(String host) {
        return SmtpReply.of(421, "4.4.2", host + " idle timeout, closing connection");
    }

    public static SmtpReply tooManyErrors(String host) {
        return SmtpReply.of(421, "4.7.0", host + " too many errors, closing connection");
    }

    public static SmtpReply tooManyConnections(String host) {
        return SmtpReply.of(421, "4.7.0", host + " too many connections from your address, try later");
    }

    public static SmtpReply shuttingDown(String host) {
        return SmtpReply.of(421, "4.3.2", host + " shutting down, try later");
    }

    /** The message could not be held (spool I/O failed); the session's input is in doubt. */
    public static SmtpReply localErrorClosing(String host) {
        return SmtpReply.of(421, "4.3.0", host + " local error in processing, closing connection");
    }

    public static SmtpReply authLockedOut(String host) {
        return SmtpReply.of(421, "4.7.0", host + " too many authentication failures, try later");
    }

    public static final SmtpReply LOCAL_ERROR = SmtpReply.of(451, "4.3.0", "Local error in processing, try again later");
    // RFC 5321 §4.5.3.1.10: 452 for too many recipients; RFC 3463 X.5.3.
    public static final SmtpReply TOO_MANY_RECIPIENTS = SmtpReply.of(452, "4.5.3", "Too many recipients");
    // RFC 3463 X.2.2 mailbox full.
    public static final SmtpReply MAILBOX_FULL = SmtpReply.of(452, "4.2.2", "Mailbox full, try again later");
    public static final SmtpReply TLS_UNAVAILABLE = SmtpReply.of(454, "4.7.0", "TLS not available");

    public static final SmtpReply LINE_TOO_LONG = SmtpReply.of(500, "5.5.2", "Line too long");
    // RFC 5321 §2.3.8: lines end with CRLF only.
    public static final SmtpReply BARE_LINE_ENDING = SmtpReply.of(500, "5.5.2", "Lines must end with <CR><LF>");
    public static final SmtpReply UNKNOWN_COMMAND = SmtpReply.of(500, "5.5.1", "Command not recognized");
    public static final SmtpReply SYNTAX_ERROR = SmtpReply.of(501, "5.5.4", "Syntax error in parameters or arguments");
    public static final SmtpReply BAD_SENDER_SYNTAX = SmtpReply.of(501, "5.1.7", "Bad sender address syntax");
    public static final SmtpReply BAD_RECIPIENT_SYNTAX = SmtpReply.of(501, "5.1.3", "Bad recipient address syntax");
    public static final SmtpReply BAD_BASE64 = SmtpReply.of(501, "5.5.2", "Cannot decode base64");
    public static final SmtpReply AUTH_CANCELLED = SmtpReply.of(501, "5.7.0", "Authentication cancelled");

    public static final SmtpReply BAD_SEQUENCE = SmtpReply.of(503, "5.5.1", "Bad sequence of commands");
    public static final SmtpReply NEED_HELO = SmtpReply.of(503, "5.5.1", "Send EHLO or HELO first");
    public static final SmtpReply NEED_MAIL = SmtpReply.of(503, "5.5.1", "Need MAIL command first");
    public static final SmtpReply NEED_RCPT = SmtpReply.of(503, "5.5.1", "Need RCPT command first");
    public static final SmtpReply NESTED_MAIL = SmtpReply.of(503, "5.5.1", "Sender already specified");
    public static final SmtpReply ALREADY_AUTHENTICATED = SmtpReply.of(503, "5.5.1", "Already authenticated");
    public static final SmtpReply ALREADY_TLS = SmtpReply.of(503, "5.5.1", "TLS already active");
    public static final SmtpReply DATA_AFTER_BDAT = SmtpReply.of(503, "5.5.1", "DATA not allowed after BDAT");
    // RFC 4954 §4: 504 5.5.4 for an unknown mechanism.
    public static final SmtpReply UNKNOWN_MECHANISM = SmtpReply.of(504, "5.5.4", "Unrecognized authentication mechanism");
    public static final SmtpReply NOT_IMPLEMENTED = SmtpReply.of(502, "5.5.1", "Command not implemented");

    // RFC 3207 §4: 530 5.7.0 Must issue a STARTTLS command first.
    public static final SmtpReply NEED_STARTTLS = SmtpReply.of(530, "5.7.0", "Must issue a STARTTLS command first");
    // RFC 4954 §6: 530 5.7.0 Authentication required; 535 5.7.8; 538 5.7.11.
    public static final SmtpReply AUTH_REQUIRED = SmtpReply.of(530, "5.7.0", "Authentication required");
    public static final SmtpReply AUTH_FAILED = SmtpReply.of(535, "5.7.8", "Authentication credentials invalid");
    public static final SmtpReply ENCRYPTION_REQUIRED = SmtpReply.of(538, "5.7.11", "Encryption required for requested authentication mechanism");

    public static final SmtpReply NO_SUCH_USER = SmtpReply.of(550, "5.1.1", "No such user here");
    // RFC 5321 §3.6.2 and §7.1: no open relaying.
    public static final SmtpReply RELAY_DENIED = SmtpReply.of(550, "5.7.1", "Relaying denied");
    public static final SmtpReply SENDER_NOT_OWNED = SmtpReply.of(550, "5.7.1", "Sender address not owned by the authenticated user");
    // RFC 1870 §6.1: 552 5.3.4.
    public static final SmtpReply MESSAGE_TOO_BIG = SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size");
    // RFC 6531 §3.7.4.1 (X.6.7 registered by RFC 6531).
    public static final SmtpReply NEED_SMTPUTF8 = SmtpReply.of(553, "5.6.7", "Non-ASCII address requires SMTPUTF8");
    public static final SmtpReply NO_VALID_RECIPIENTS = SmtpReply.of(554, "5.5.1", "No valid recipients");
    // RFC 5321 §6.3: too many Received fields means a loop; RFC 3463 X.4.6 routing loop.
    public static final SmtpReply MAIL_LOOP = SmtpReply.of(554, "5.4.6", "Routing loop detected: too many Received headers");
    // RFC 5321 §2.3.8 and §4.1.1.4: CR and LF only as CRLF in DATA; NUL not allowed in text.
    public static final SmtpReply BAD_LINE_ENDINGS_IN_DATA = SmtpReply.of(554, "5.6.0", "Message contains bare CR or LF or NUL");
    // RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets with CRLF.
    public static final SmtpReply DATA_LINE_TOO_LONG = SmtpReply.of(554, "5.6.0", "Message has a line longer than 1000 octets");
    // RFC 1869 / RFC 5321 §4.1.1.11: 555 for unrecognised MAIL/RCPT parameters.
    public static final SmtpReply UNKNOWN_PARAMETER = SmtpReply.of(555, "5.5.4", "Unsupported MAIL or RCPT parameter");
    // RFC 5321 §4.3.1: the client must wait for the greeting.
    public static final SmtpReply TALKED_TOO_SOON = SmtpReply.of(554, "5.5.0", "Protocol error: data sent before greeting");

    /** RFC 4954 §4: a 334 challenge carries base64 text. */
    public static SmtpReply challenge(String base64) {
        return SmtpReply.plain(334, base64.isEmpty() ? "" : base64);
    }
}
