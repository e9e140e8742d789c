package dev.facteur.toolkit.verify;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What a verdict rests on: the DNS answers used and the SMTP replies that decided it. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Evidence.Dns.class, name = "dns"),
    @JsonSubTypes.Type(value = Evidence.Smtp.class, name = "smtp"),
    @JsonSubTypes.Type(value = Evidence.Note.class, name = "note")})
public sealed interface Evidence {

    /** One DNS question and its answer in words ({@code NXDOMAIN}, {@code NODATA}, the records, or the failure). */
    record Dns(String name, String type, String answer) implements Evidence {
    }

    /** One SMTP exchange: the host and address asked, the command sent (empty for the banner) and the reply. */
    record Smtp(String host, String address, String command, int code, String enhancedStatus, String text)
            implements Evidence {
        static Smtp of(MailHost host, String address, String command, dev.facteur.smtp.client.SmtpReply reply) {
            return new Smtp(host.name(), address, command, reply.code(), reply.status().map(Object::toString).orElse(""),
                    dev.facteur.toolkit.report.Printable.of(reply.text(), 300));
        }
    }

    /** A fact that is neither a DNS answer nor an SMTP reply (a syntax error, a list match, a connection failure). */
    record Note(String text) implements Evidence {
    }

    /** One line for people. */
    default String describe() {
        return switch (this) {
            case Dns d -> "DNS " + d.name() + " " + d.type() + " → " + d.answer();
            case Smtp s -> "SMTP " + s.host() + (s.address().isEmpty() ? "" : " [" + s.address() + "]") + " "
                    + (s.command().isEmpty() ? "(banner)" : s.command()) + " → " + s.code()
                    + (s.enhancedStatus().isEmpty() ? "" : " " + s.enhancedStatus()) + " " + s.text();
            case Note n -> n.text();
        };
    }
}
