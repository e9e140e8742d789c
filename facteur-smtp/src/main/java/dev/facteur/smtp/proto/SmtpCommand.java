package dev.facteur.smtp.proto;

import dev.facteur.core.mail.EmailAddress;
import java.util.Optional;

/** The SMTP commands Facteur understands (RFC 5321 §4.1.1 and the extensions it offers). */
public sealed interface SmtpCommand {

    /** The verb as it appears in logs and the command table. */
    default String verb() {
        return switch (this) {
            case Helo h -> "HELO";
            case Ehlo e -> "EHLO";
            case Mail m -> "MAIL";
            case Rcpt r -> "RCPT";
            case Data d -> "DATA";
            case Bdat b -> "BDAT";
            case Rset r -> "RSET";
            case Noop n -> "NOOP";
            case Quit q -> "QUIT";
            case Vrfy v -> "VRFY";
            case Expn e -> "EXPN";
            case Help h -> "HELP";
            case StartTls s -> "STARTTLS";
            case Auth a -> "AUTH";
        };
    }

    /** RFC 5321 §4.1.1.1; {@code identity} is a domain or an address literal as sent. */
    record Helo(String identity) implements SmtpCommand {}

    record Ehlo(String identity) implements SmtpCommand {}

    /** {@code sender} is empty for the null reverse-path {@code <>} (RFC 5321 §4.5.5). */
    record Mail(Optional<EmailAddress> sender, MailParameters parameters) implements SmtpCommand {}

    record Rcpt(ForwardPath recipient, RcptParameters parameters) implements SmtpCommand {}

    record Data() implements SmtpCommand {}

    /** RFC 3030 §2: {@code BDAT size [LAST]}. */
    record Bdat(long size, boolean last) implements SmtpCommand {}

    record Rset() implements SmtpCommand {}

    record Noop() implements SmtpCommand {}

    record Quit() implements SmtpCommand {}

    record Vrfy(String argument) implements SmtpCommand {}

    record Expn(String argument) implements SmtpCommand {}

    record Help() implements SmtpCommand {}

    record StartTls() implements SmtpCommand {}

    /** RFC 4954 §4: {@code initialResponse} is the base64 text as sent ({@code =} for empty). */
    record Auth(String mechanism, Optional<String> initialResponse) implements SmtpCommand {}
}
