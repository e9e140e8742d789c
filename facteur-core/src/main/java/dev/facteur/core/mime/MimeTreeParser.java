package dev.facteur.core.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.jspecify.annotations.Nullable;

/**
 * Splits a message into its MIME tree with byte offsets (RFC 2045, RFC 2046 §5.1.1). Bounded:
 * at most {@link #MAX_DEPTH} levels and {@link #MAX_PARTS} parts; beyond that, a part is kept
 * whole as a single part. Never throws for malformed input.
 */
final class MimeTreeParser {

    static final int MAX_DEPTH = 40;
    static final int MAX_PARTS = 5000;

    private static final ContentInfo.Param US_ASCII = new ContentInfo.Param("charset", "us-ascii");

    private final byte[] raw;
    private int parts;

    MimeTreeParser(byte[] raw) {
        this.raw = raw;
    }

    /** Parses the entity {@code [start, end)}: header, then body by its content type. */
    BodyPart entity(int start, int end, boolean digestChild, int depth) {
        int bodyStart = MimeBytes.bodyStart(raw, start, end);
        List<HeaderField> fields = HeaderField.parse(raw, start, bodyStart);
        return entity(fields, start, bodyStart, end, digestChild, depth);
    }

    BodyPart entity(List<HeaderField> fields, int start, int bodyStart, int end, boolean digestChild, int depth) {
        parts++;
        ContentInfo info = contentInfo(fields, digestChild);
        boolean room = depth < MAX_DEPTH && parts < MAX_PARTS;
        if (info.type().equals("multipart") && room) {
            String boundary = param(info.params(), "boundary");
            List<BodyPart> children = boundary == null || boundary.isEmpty()
                    ? List.of()
                    : split(boundary, bodyStart, end, info.subtype().equals("digest"), depth);
            if (children.isEmpty()) {
                // Broken multipart (no boundary, or none found): its body as one plain part, so
                // BODYSTRUCTURE stays valid (RFC 9051 body-type-mpart needs one part) and the text readable.
                children = List.of(new BodyPart.Single(defaultInfo(false), bodyStart, bodyStart, end,
                        MimeBytes.lines(raw, bodyStart, end)));
            }
            return new BodyPart.Multi(info, start, bodyStart, end, children);
        }
        long lines = MimeBytes.lines(raw, bodyStart, end);
        if (info.type().equals("message") && isEncapsulated(info) && room) {
            BodyPart inner = entity(bodyStart, end, false, depth + 1);
            Envelope env = EnvelopeBuilder.build(HeaderField.parse(raw, bodyStart,
                    MimeBytes.bodyStart(raw, bodyStart, end)));
            return new BodyPart.Message(info, start, bodyStart, end, lines, env, inner);
        }
        return new BodyPart.Single(info, start, bodyStart, end, lines);
    }

    /** RFC 2046 §5.2.1 message/rfc822 and RFC 6532 §3.7 message/global, when not encoded. */
    private static boolean isEncapsulated(ContentInfo info) {
        boolean type = info.subtype().equals("rfc822") || info.subtype().equals("global");
        String enc = info.encoding();
        return type && (enc.equals("7bit") || enc.equals("8bit") || enc.equals("binary"));
    }

    /** RFC 2046 §5.1.1: parts between "--boundary" lines, up to "--boundary--". */
    private List<BodyPart> split(String boundary, int bodyStart, int end, boolean digest, int depth) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<BodyPart> children = new ArrayList<>();
        int partStart = -1;
        int pos = bodyStart;
        int previousLineStart = bodyStart;
        while (pos < end) {
            int le = MimeBytes.lineEnd(raw, pos, end);
            int kind = delimiterKind(pos, le, delimiter);
            if (kind != 0) {
                if (partStart >= 0) {
                    // the CRLF before the delimiter belongs to it (RFC 2046 §5.1.1)
                    int partEnd = Math.max(partStart, crlfBefore(pos, previousLineStart));
                    children.add(entity(partStart, partEnd, digest, depth + 1));
                }
                if (kind == 2 || parts >= MAX_PARTS) {
                    return children;
                }
                partStart = le;
            }
            previousLineStart = pos;
            pos = le;
        }
        if (partStart >= 0 && partStart <= end) {
            children.add(entity(partStart, end, digest, depth + 1)); // no close delimiter: to the end
        }
        return children;
    }

    private int crlfBefore(int lineStart, int bodyStart) {
        int e = lineStart;
        if (e > bodyStart && raw[e - 1] == '\n') {
            e--;
            if (e > bodyStart && raw[e - 1] == '\r') {
                e--;
            }
        }
        return e;
    }

    /** 0: not a delimiter; 1: a delimiter; 2: the close delimiter. */
    private int delimiterKind(int lineStart, int lineEnd, byte[] delimiter) {
        int contentEnd = MimeBytes.contentEnd(raw, lineStart, lineEnd);
        if (contentEnd - lineStart < delimiter.length) {
            return 0;
        }
        for (int i = 0; i < delimiter.length; i++) {
            if (raw[lineStart + i] != delimiter[i]) {
                return 0;
            }
        }
        int p = lineStart + delimiter.length;
        int kind = 1;
        if (p + 2 <= contentEnd && raw[p] == '-' && raw[p + 1] == '-') {
            kind = 2;
            p += 2;
        }
        for (; p < contentEnd; p++) {
            if (raw[p] != ' ' && raw[p] != '\t') {
                return 0; // RFC 2046 §5.1.1: only transport padding may follow
            }
        }
        return kind;
    }

    static ContentInfo contentInfo(List<HeaderField> fields, boolean digestChild) {
        HeaderField ct = HeaderField.first(fields, "Content-Type");
        String type;
        String subtype;
        List<ContentInfo.Param> params;
        RawBody body = ct == null ? null : rawBody("Content-Type", ct.value());
        String value = body == null ? "" : body.getValue().toLowerCase(Locale.ROOT).strip();
        int slash = value.indexOf('/');
        if (slash > 0 && slash < value.length() - 1 && value.indexOf(' ') < 0) {
            type = value.substring(0, slash);
            subtype = value.substring(slash + 1);
            params = params(body);
        } else {
            // RFC 2045 §5.2: absent or invalid Content-Type means text/plain; charset=us-ascii,
            // RFC 2046 §5.1.5: message/rfc822 inside multipart/digest
            ContentInfo d = defaultInfo(digestChild);
            type = d.type();
            subtype = d.subtype();
            params = d.params();
        }
        String encoding = value(fields, "Content-Transfer-Encoding");
        encoding = encoding == null || encoding.isBlank() ? "7bit" : encoding.toLowerCase(Locale.ROOT).strip();
        HeaderField cd = HeaderField.first(fields, "Content-Disposition");
        RawBody disposition = cd == null ? null : rawBody("Content-Disposition", cd.value());
        String dispositionValue = disposition == null || disposition.getValue().isBlank()
                ? null : disposition.getValue().strip();
        String language = value(fields, "Content-Language");
        List<String> languages = new ArrayList<>();
        if (language != null) {
            for (String tag : language.split(",")) {
                if (!tag.isBlank()) {
                    languages.add(tag.strip());
                }
            }
        }
        return new ContentInfo(type, subtype, params, value(fields, "Content-ID"),
                value(fields, "Content-Description"), encoding, value(fields, "Content-MD5"),
                dispositionValue, dispositionValue == null ? List.of() : params(disposition),
                languages, value(fields, "Content-Location"));
    }

    static ContentInfo defaultInfo(boolean digestChild) {
        return digestChild
                ? new ContentInfo("message", "rfc822", List.of(), null, null, "7bit", null, null, List.of(), List.of(), null)
                : new ContentInfo("text", "plain", List.of(US_ASCII), null, null, "7bit", null, null, List.of(), List.of(), null);
    }

    private static @Nullable RawBody rawBody(String name, String value) {
        try {
            return RawFieldParser.DEFAULT.parseRawBody(new RawField(name, value));
        } catch (RuntimeException e) {
            return null; // mime4j is lenient; a failure still must not fail the message
        }
    }

    private static List<ContentInfo.Param> params(@Nullable RawBody body) {
        List<ContentInfo.Param> out = new ArrayList<>();
        if (body == null) {
            return out;
        }
        for (NameValuePair p : body.getParams()) {
            if (p.getName() != null && !p.getName().isBlank() && out.size() < 100) {
                out.add(new ContentInfo.Param(p.getName().strip(), p.getValue() == null ? "" : p.getValue()));
            }
        }
        return out;
    }

    private static @Nullable String param(List<ContentInfo.Param> params, String name) {
        for (ContentInfo.Param p : params) {
            if (p.name().equalsIgnoreCase(name)) {
                return p.value();
            }
        }
        return null;
    }

    private static @Nullable String value(List<HeaderField> fields, String name) {
        HeaderField f = HeaderField.first(fields, name);
        return f == null ? null : f.value();
    }
}
