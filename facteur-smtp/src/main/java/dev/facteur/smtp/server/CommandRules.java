package dev.facteur.smtp.server;

import dev.facteur.smtp.proto.Replies;
import dev.facteur.smtp.proto.SmtpCommand;
import dev.facteur.smtp.proto.SmtpReply;
import java.util.List;
import java.util.Optional;

/**
 * Which command needs what, declared once: the session asks {@link #check} before handling any
 * command, and no handler repeats these conditions.
 */
final class CommandRules {

    /** The facts about a session the rules look at. */
    record View(SmtpRole role, boolean helo, boolean tls, boolean tlsAvailable, boolean plaintextAllowed,
                boolean authenticated, boolean mailGiven, int recipients, boolean bdatStarted) {}

    enum Need {
        /** RFC 5321 §4.1.4: EHLO or HELO before MAIL. */
        HELO(v -> v.helo(), Replies.NEED_HELO),
        /** RFC 3207 §4 and RFC 8314: submission on 587 needs STARTTLS before MAIL. */
        TLS_BEFORE_MAIL(v -> !v.role().isSubmission() || v.tls() || v.plaintextAllowed(), Replies.NEED_STARTTLS),
        /** RFC 4954 §4: no password over a plain connection. */
        TLS_BEFORE_AUTH(v -> v.tls() || v.plaintextAllowed(), Replies.ENCRYPTION_REQUIRED),
        /** RFC 6409 §4.3 / RFC 4954 §6: submission needs authentication. */
        AUTHENTICATED_ON_SUBMISSION(v -> !v.role().isSubmission() || v.authenticated(), Replies.AUTH_REQUIRED),
        /** RFC 4954 §4: AUTH only once per session. */
        NOT_AUTHENTICATED(v -> !v.authenticated(), Replies.ALREADY_AUTHENTICATED),
        /** AUTH is not offered on the MX port. */
        AUTH_OFFERED(v -> v.role().isSubmission(), Replies.NOT_IMPLEMENTED),
        /** RFC 5321 §4.1.4: MAIL only outside a transaction; RFC 4954 §4: AUTH too. */
        NO_TRANSACTION(v -> !v.mailGiven(), Replies.NESTED_MAIL),
        /** RFC 5321 §4.1.4: RCPT, DATA, BDAT need MAIL first. */
        MAIL(v -> v.mailGiven(), Replies.NEED_MAIL),
        /** RFC 5321 §3.3 / RFC 2920 §3.1: no data without an accepted recipient. */
        RECIPIENT(v -> v.recipients() > 0, Replies.NO_VALID_RECIPIENTS),
        /** RFC 3030 §2: DATA and BDAT do not mix in one transaction. */
        NO_BDAT(v -> !v.bdatStarted(), Replies.DATA_AFTER_BDAT),
        /** RFC 3207 §4.2: STARTTLS once. */
        NOT_TLS(v -> !v.tls(), Replies.ALREADY_TLS),
        TLS_AVAILABLE(v -> v.tlsAvailable(), Replies.TLS_UNAVAILABLE);

        private final java.util.function.Predicate<View> met;
        private final SmtpReply refusal;

        Need(java.util.function.Predicate<View> met, SmtpReply refusal) {
            this.met = met;
            this.refusal = refusal;
        }
    }

    private CommandRules() {
    }

    static List<Need> needs(SmtpCommand c) {
        return switch (c) {
            case SmtpCommand.Mail m -> List.of(Need.HELO, Need.TLS_BEFORE_MAIL, Need.AUTHENTICATED_ON_SUBMISSION,
                    Need.NO_TRANSACTION);
            case SmtpCommand.Rcpt r -> List.of(Need.MAIL);
            case SmtpCommand.Data d -> List.of(Need.MAIL, Need.NO_BDAT, Need.RECIPIENT);
            case SmtpCommand.Bdat b -> List.of(Need.MAIL, Need.RECIPIENT);
            case SmtpCommand.StartTls s -> List.of(Need.NOT_TLS, Need.TLS_AVAILABLE);
            case SmtpCommand.Auth a -> List.of(Need.AUTH_OFFERED, Need.HELO, Need.TLS_BEFORE_AUTH,
                    Need.NOT_AUTHENTICATED, Need.NO_TRANSACTION);
            case SmtpCommand.Helo h -> List.of();
            case SmtpCommand.Ehlo e -> List.of();
            case SmtpCommand.Rset r -> List.of();
            case SmtpCommand.Noop n -> List.of();
            case SmtpCommand.Quit q -> List.of();
            case SmtpCommand.Vrfy v -> List.of();
            case SmtpCommand.Expn e -> List.of();
            case SmtpCommand.Help h -> List.of();
        };
    }

    /** The refusal for the first unmet need, or empty if the command may run. */
    static Optional<SmtpReply> check(SmtpCommand c, View v) {
        for (Need n : needs(c)) {
            if (!n.met.test(v)) {
                return Optional.of(n == Need.NO_TRANSACTION && c instanceof SmtpCommand.Auth
                        ? Replies.BAD_SEQUENCE : n.refusal);
            }
        }
        return Optional.empty();
    }
}
