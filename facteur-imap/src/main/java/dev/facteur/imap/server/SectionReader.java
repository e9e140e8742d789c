package dev.facteur.imap.server;

import dev.facteur.core.mime.BodyPart;
import dev.facteur.core.mime.HeaderField;
import dev.facteur.core.mime.MessageSummary;
import dev.facteur.imap.proto.Section;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Extracts BODY[section] octets from the stored message using the summary's offsets
 * (RFC 9051 §6.4.5), without parsing the message again.
 */
final class SectionReader {

    private SectionReader() {}

    /**
     * Finds the part a part path names (RFC 9051 §6.4.5: part 1 of a non-multipart is its body;
     * numbers inside a message/rfc822 part address the encapsulated message's parts).
     */
    static Optional<BodyPart> resolve(BodyPart root, List<Integer> path) {
        BodyPart node = root;
        boolean top = true;
        for (int n : path) {
            // The entity whose parts the number counts: the message itself at the top; below it, the
            // encapsulated message of a message/rfc822 part, or a multipart's own parts.
            BodyPart container;
            if (top) {
                container = root;
            } else if (node instanceof BodyPart.Message m) {
                container = m.body();
            } else if (node instanceof BodyPart.Multi) {
                container = node;
            } else {
                return Optional.empty(); // a leaf part has no subparts
            }
            top = false;
            if (container instanceof BodyPart.Multi multi) {
                if (n < 1 || n > multi.parts().size()) {
                    return Optional.empty();
                }
                node = multi.parts().get(n - 1);
            } else if (n == 1) {
                node = container; // part 1 of a non-multipart entity is its body (a whole message/rfc822)
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(node);
    }

    /** The octets of the section, or empty when the section does not exist in this message. */
    static Optional<byte[]> read(byte[] raw, MessageSummary summary, Section section) {
        BodyPart root = summary.body();
        Optional<BodyPart> found = resolve(root, section.part());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        BodyPart node = found.get();
        boolean top = section.part().isEmpty();
        // The header and text of a message: the whole message at the top, else an encapsulated one.
        BodyPart message = top ? root : node instanceof BodyPart.Message m ? m.body() : null;
        return switch (section.text()) {
            case ALL -> Optional.of(top ? raw : slice(raw, node.bodyStart(), node.bodyEnd()));
            case MIME -> Optional.of(slice(raw, node.headerStart(), node.bodyStart()));
            case HEADER -> Optional.of(message == null ? new byte[0] : slice(raw, message.headerStart(), message.bodyStart()));
            case TEXT -> Optional.of(message == null ? new byte[0] : slice(raw, message.bodyStart(), message.bodyEnd()));
            case HEADER_FIELDS, HEADER_FIELDS_NOT -> Optional.of(message == null ? new byte[0]
                    : fields(raw, message.headerStart(), message.bodyStart(), section.fields(),
                            section.text() == Section.Text.HEADER_FIELDS));
        };
    }

    /** True for the top-level HEADER, HEADER.FIELDS and HEADER.FIELDS.NOT: the message's header answers them. */
    static boolean isTopHeader(Section section) {
        return section.part().isEmpty() && switch (section.text()) {
            case HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT -> true;
            case ALL, TEXT, MIME -> false;
        };
    }

    /** A top-level header section (see {@link #isTopHeader}) from the message's header octets alone. */
    static byte[] readHeader(byte[] header, Section section) {
        return section.text() == Section.Text.HEADER ? header
                : fields(header, 0, header.length, section.fields(), section.text() == Section.Text.HEADER_FIELDS);
    }

    /** The end of the prefix of the message a section needs, or -1 if it needs the whole message. */
    static long prefixNeeded(MessageSummary summary, Section section) {
        if (!section.part().isEmpty()) {
            return -1;
        }
        return switch (section.text()) {
            case HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT -> summary.body().bodyStart();
            case ALL, TEXT, MIME -> -1;
        };
    }

    /** RFC 9051 §6.4.5: the matching fields as written, then the blank line that ends a header. */
    private static byte[] fields(byte[] raw, long start, long end, List<String> names, boolean include) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (HeaderField f : HeaderField.parse(raw, start, end)) {
            boolean listed = false;
            for (String n : names) {
                if (n.equalsIgnoreCase(f.name())) {
                    listed = true;
                    break;
                }
            }
            if (listed == include) {
                out.write(raw, (int) f.start(), (int) (f.end() - f.start()));
                if (raw[(int) f.end() - 1] != '\n') {
                    out.writeBytes(new byte[] {'\r', '\n'}); // a last field without terminator
                }
            }
        }
        out.writeBytes(new byte[] {'\r', '\n'});
        return out.toByteArray();
    }

    private static byte[] slice(byte[] raw, long from, long to) {
        int f = (int) Math.min(from, raw.length);
        int t = (int) Math.min(Math.max(to, from), raw.length);
        return Arrays.copyOfRange(raw, f, t);
    }
}
