package dev.facteur.core.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of a {@link MessageSummary}: compact binary, read on every FETCH.
 *
 * <p>Layout (version 1): the octets {@code 'F' 1}, then fields in record order. Integers are
 * unsigned LEB128 varints; a string is a varint of (UTF-8 length + 1) and its octets, with 0
 * meaning null; a list is a varint count and its elements; a body part is a kind octet
 * (0 single, 1 multi, 2 message), its ContentInfo, its three offsets and the kind's fields.
 * A new layout gets a new version octet; {@link #decode} keeps reading the old ones.
 */
final class SummaryCodec {

    private static final byte MAGIC = 'F';
    private static final byte VERSION = 1;
    private static final int MAX_DEPTH = MimeTreeParser.MAX_DEPTH + 2;

    private SummaryCodec() {}

    static byte[] encode(MessageSummary s) {
        Out o = new Out();
        o.buf.write(MAGIC);
        o.buf.write(VERSION);
        o.num(s.size());
        envelope(o, s.envelope());
        part(o, s.body());
        o.num(s.sentDateMillis() == null ? 0 : 1);
        if (s.sentDateMillis() != null) {
            o.num(zigzag(s.sentDateMillis()));
        }
        o.str(s.baseSubject());
        o.str(s.fromKey());
        o.str(s.toKey());
        o.str(s.ccKey());
        o.str(s.fromDisplay());
        o.str(s.toDisplay());
        o.str(s.messageId());
        o.str(s.inReplyTo());
        o.strs(s.references());
        o.str(s.threadKey());
        return o.buf.toByteArray();
    }

    static MessageSummary decode(byte[] bytes) {
        if (bytes.length < 2 || bytes[0] != MAGIC || bytes[1] != VERSION) {
            throw new IllegalArgumentException("not a version 1 message summary");
        }
        In in = new In(bytes, 2);
        try {
            long size = in.num();
            Envelope env = envelope(in);
            BodyPart body = part(in, 0);
            Long date = in.num() == 1 ? unzigzag(in.num()) : null;
            return new MessageSummary(size, env, body, date, in.nonNull(), in.nonNull(), in.nonNull(),
                    in.nonNull(), in.nonNull(), in.nonNull(), in.str(), in.str(), in.strs(), in.nonNull());
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated message summary", e);
        }
    }

    private static void envelope(Out o, Envelope e) {
        o.str(e.date());
        o.str(e.subject());
        for (List<Address> list : List.of(e.from(), e.sender(), e.replyTo(), e.to(), e.cc(), e.bcc())) {
            o.num(list.size());
            for (Address a : list) {
                o.str(a.name());
                o.str(a.adl());
                o.str(a.mailbox());
                o.str(a.host());
            }
        }
        o.str(e.inReplyTo());
        o.str(e.messageId());
    }

    private static Envelope envelope(In in) {
        String date = in.str();
        String subject = in.str();
        List<List<Address>> lists = new ArrayList<>(6);
        for (int i = 0; i < 6; i++) {
            int n = in.count();
            List<Address> list = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                list.add(new Address(in.str(), in.str(), in.str(), in.str()));
            }
            lists.add(list);
        }
        return new Envelope(date, subject, lists.get(0), lists.get(1), lists.get(2), lists.get(3),
                lists.get(4), lists.get(5), in.str(), in.str());
    }

    private static void part(Out o, BodyPart p) {
        int kind = switch (p) {
            case BodyPart.Single s -> 0;
            case BodyPart.Multi m -> 1;
            case BodyPart.Message m -> 2;
        };
        o.buf.write(kind);
        info(o, p.info());
        o.num(p.headerStart());
        o.num(p.bodyStart() - p.headerStart());
        o.num(p.bodyEnd() - p.bodyStart());
        switch (p) {
            case BodyPart.Single s -> o.num(s.lines());
            case BodyPart.Multi m -> {
                o.num(m.parts().size());
                m.parts().forEach(c -> part(o, c));
            }
            case BodyPart.Message m -> {
                o.num(m.lines());
                envelope(o, m.envelope());
                part(o, m.body());
            }
        }
    }

    private static BodyPart part(In in, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("message summary nested too deep");
        }
        int kind = in.bytes[in.pos++];
        ContentInfo info = info(in);
        long headerStart = in.num();
        long bodyStart = headerStart + in.num();
        long bodyEnd = bodyStart + in.num();
        return switch (kind) {
            case 0 -> new BodyPart.Single(info, headerStart, bodyStart, bodyEnd, in.num());
            case 1 -> {
                int n = in.count();
                List<BodyPart> parts = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    parts.add(part(in, depth + 1));
                }
                yield new BodyPart.Multi(info, headerStart, bodyStart, bodyEnd, parts);
            }
            case 2 -> {
                long lines = in.num();
                Envelope env = envelope(in);
                yield new BodyPart.Message(info, headerStart, bodyStart, bodyEnd, lines, env, part(in, depth + 1));
            }
            default -> throw new IllegalArgumentException("unknown body part kind " + kind);
        };
    }

    private static void info(Out o, ContentInfo c) {
        o.str(c.type());
        o.str(c.subtype());
        params(o, c.params());
        o.str(c.id());
        o.str(c.description());
        o.str(c.encoding());
        o.str(c.md5());
        o.str(c.disposition());
        params(o, c.dispositionParams());
        o.strs(c.language());
        o.str(c.location());
    }

    private static ContentInfo info(In in) {
        return new ContentInfo(in.nonNull(), in.nonNull(), params(in), in.str(), in.str(), in.nonNull(),
                in.str(), in.str(), params(in), in.strs(), in.str());
    }

    private static void params(Out o, List<ContentInfo.Param> params) {
        o.num(params.size());
        for (ContentInfo.Param p : params) {
            o.str(p.name());
            o.str(p.value());
        }
    }

    private static List<ContentInfo.Param> params(In in) {
        int n = in.count();
        List<ContentInfo.Param> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ContentInfo.Param(in.nonNull(), in.nonNull()));
        }
        return out;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static final class Out {
        final ByteArrayOutputStream buf = new ByteArrayOutputStream(512);

        void num(long v) {
            long x = v;
            while ((x & ~0x7FL) != 0) {
                buf.write((int) ((x & 0x7F) | 0x80));
                x >>>= 7;
            }
            buf.write((int) x);
        }

        void str(@Nullable String s) {
            if (s == null) {
                num(0);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            num(b.length + 1L);
            buf.writeBytes(b);
        }

        void strs(List<String> list) {
            num(list.size());
            list.forEach(this::str);
        }
    }

    private static final class In {
        final byte[] bytes;
        int pos;

        In(byte[] bytes, int pos) {
            this.bytes = bytes;
            this.pos = pos;
        }

        long num() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = bytes[pos++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("malformed varint in message summary");
        }

        int count() {
            long n = num();
            if (n < 0 || n > bytes.length) {
                throw new IllegalArgumentException("bad count in message summary");
            }
            return (int) n;
        }

        @Nullable String str() {
            long n = num();
            if (n == 0) {
                return null;
            }
            int len = (int) (n - 1);
            if (len < 0 || len > bytes.length - pos) {
                throw new IllegalArgumentException("bad string length in message summary");
            }
            String s = new String(bytes, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        String nonNull() {
            String s = str();
            if (s == null) {
                throw new IllegalArgumentException("missing value in message summary");
            }
            return s;
        }

        List<String> strs() {
            int n = count();
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(nonNull());
            }
            return out;
        }
    }
}
