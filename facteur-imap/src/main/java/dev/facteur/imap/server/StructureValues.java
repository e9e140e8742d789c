package dev.facteur.imap.server;

import dev.facteur.core.mime.Address;
import dev.facteur.core.mime.BodyPart;
import dev.facteur.core.mime.ContentInfo;
import dev.facteur.core.mime.Envelope;
import dev.facteur.imap.proto.Value;
import java.util.ArrayList;
import java.util.List;

/** ENVELOPE and BODYSTRUCTURE / BODY as response values (RFC 9051 §7.5.2). */
final class StructureValues {

    private StructureValues() {}

    static Value envelope(Envelope e) {
        return Value.list(Value.nstr(e.date()), Value.nstr(e.subject()), addresses(e.from()),
                addresses(e.sender()), addresses(e.replyTo()), addresses(e.to()), addresses(e.cc()),
                addresses(e.bcc()), Value.nstr(e.inReplyTo()), Value.nstr(e.messageId()));
    }

    private static Value addresses(List<Address> list) {
        if (list.isEmpty()) {
            return Value.NIL;
        }
        List<Value> out = new ArrayList<>(list.size());
        for (Address a : list) {
            out.add(Value.list(Value.nstr(a.name()), Value.nstr(a.adl()), Value.nstr(a.mailbox()), Value.nstr(a.host())));
        }
        return Value.list(out);
    }

    /** BODYSTRUCTURE when {@code extensible}, else the non-extensible BODY form. */
    static Value body(BodyPart part, boolean extensible) {
        return switch (part) {
            case BodyPart.Multi m -> multipart(m, extensible);
            case BodyPart.Single s -> single(s, extensible);
            case BodyPart.Message m -> message(m, extensible);
        };
    }

    private static Value multipart(BodyPart.Multi m, boolean extensible) {
        List<Value> items = new ArrayList<>();
        for (BodyPart p : m.parts()) {
            items.add(body(p, extensible));
        }
        items.add(Value.str(m.info().subtype()));
        if (extensible) {
            // RFC 9051 §7.5.2 body-ext-mpart: parameters, disposition, language, location
            items.add(params(m.info().params()));
            items.add(disposition(m.info()));
            items.add(language(m.info()));
            items.add(Value.nstr(m.info().location()));
        }
        return Value.list(items);
    }

    private static List<Value> basic(ContentInfo c, long size) {
        List<Value> items = new ArrayList<>();
        items.add(Value.str(c.type()));
        items.add(Value.str(c.subtype()));
        items.add(params(c.params()));
        items.add(Value.nstr(c.id()));
        items.add(Value.nstr(c.description()));
        items.add(Value.str(c.encoding()));
        items.add(Value.num(size));
        return items;
    }

    private static Value single(BodyPart.Single s, boolean extensible) {
        List<Value> items = basic(s.info(), s.bodySize());
        if (s.info().type().equals("text")) {
            items.add(Value.num(s.lines())); // RFC 9051 §7.5.2 body-type-text
        }
        if (extensible) {
            extension(items, s.info());
        }
        return Value.list(items);
    }

    private static Value message(BodyPart.Message m, boolean extensible) {
        List<Value> items = basic(m.info(), m.bodySize());
        items.add(envelope(m.envelope()));
        items.add(body(m.body(), extensible));
        items.add(Value.num(m.lines()));
        if (extensible) {
            extension(items, m.info());
        }
        return Value.list(items);
    }

    /** body-ext-1part: md5, disposition, language, location. */
    private static void extension(List<Value> items, ContentInfo c) {
        items.add(Value.nstr(c.md5()));
        items.add(disposition(c));
        items.add(language(c));
        items.add(Value.nstr(c.location()));
    }

    private static Value params(List<ContentInfo.Param> params) {
        if (params.isEmpty()) {
            return Value.NIL;
        }
        List<Value> out = new ArrayList<>(params.size() * 2);
        for (ContentInfo.Param p : params) {
            out.add(Value.str(p.name()));
            out.add(Value.str(p.value()));
        }
        return Value.list(out);
    }

    private static Value disposition(ContentInfo c) {
        if (c.disposition() == null) {
            return Value.NIL;
        }
        return Value.list(Value.str(c.disposition()), params(c.dispositionParams()));
    }

    private static Value language(ContentInfo c) {
        if (c.language().isEmpty()) {
            return Value.NIL;
        }
        if (c.language().size() == 1) {
            return Value.str(c.language().getFirst());
        }
        return Value.list(c.language().stream().map(Value::str).toList());
    }
}
