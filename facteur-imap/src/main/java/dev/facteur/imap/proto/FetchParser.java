package dev.facteur.imap.proto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** FETCH (RFC 9051 §6.4.5) with RFC 3516 BINARY and RFC 7162 CHANGEDSINCE/VANISHED modifiers. */
final class FetchParser {

    private static final int MAX_ITEMS = 100;

    private FetchParser() {}

    static Command fetch(ImapCursor c, String tag, boolean uid) throws SyntaxException {
        c.sp();
        SequenceSet set = c.sequenceSet();
        c.sp();
        List<FetchItem> items = new ArrayList<>();
        if (c.acceptOpen()) {
            do {
                if (items.size() >= MAX_ITEMS) {
                    throw c.error("too many fetch items");
                }
                items.addAll(item(c, false));
            } while (c.accept(' '));
            c.expectClose();
        } else {
            items.addAll(item(c, true));
        }
        OptionalLong changedSince = OptionalLong.empty();
        boolean vanished = false;
        if (c.accept(' ')) {
            c.expectOpen();
            do {
                if (c.acceptWord("CHANGEDSINCE")) { // RFC 7162 §3.1.4.1
                    c.sp();
                    changedSince = OptionalLong.of(c.number());
                } else if (c.acceptWord("VANISHED")) { // RFC 7162 §3.2.6
                    vanished = true;
                } else {
                    throw c.error("unknown FETCH modifier");
                }
            } while (c.accept(' '));
            c.expectClose();
        }
        if (vanished && (!uid || changedSince.isEmpty())) {
            throw c.error("VANISHED needs UID FETCH with CHANGEDSINCE"); // RFC 7162 §3.2.6
        }
        return new Command.Fetch(tag, uid, set, items, changedSince, vanished);
    }

    private static List<FetchItem> item(ImapCursor c, boolean macroAllowed) throws SyntaxException {
        String name = name(c);
        return switch (name) {
            // RFC 9051 §6.4.5 macros
            case "ALL" -> macro(c, macroAllowed, List.of(new FetchItem.Flags(), new FetchItem.InternalDate(),
                    new FetchItem.Rfc822Size(), new FetchItem.Envelope()));
            case "FAST" -> macro(c, macroAllowed, List.of(new FetchItem.Flags(), new FetchItem.InternalDate(),
                    new FetchItem.Rfc822Size()));
            case "FULL" -> macro(c, macroAllowed, List.of(new FetchItem.Flags(), new FetchItem.InternalDate(),
                    new FetchItem.Rfc822Size(), new FetchItem.Envelope(), new FetchItem.BodyStructure(false)));
            case "FLAGS" -> List.of(new FetchItem.Flags());
            case "INTERNALDATE" -> List.of(new FetchItem.InternalDate());
            case "RFC822.SIZE" -> List.of(new FetchItem.Rfc822Size());
            case "ENVELOPE" -> List.of(new FetchItem.Envelope());
            case "BODYSTRUCTURE" -> List.of(new FetchItem.BodyStructure(true));
            case "UID" -> List.of(new FetchItem.Uid());
            case "MODSEQ" -> List.of(new FetchItem.ModSeq());
            case "EMAILID" -> List.of(new FetchItem.EmailId());
            case "THREADID" -> List.of(new FetchItem.ThreadId());
            case "SAVEDATE" -> List.of(new FetchItem.SaveDate());
            case "RFC822" -> List.of(new FetchItem.Rfc822(Section.WHOLE, false, "RFC822"));
            case "RFC822.HEADER" -> List.of(new FetchItem.Rfc822(
                    new Section(List.of(), Section.Text.HEADER, List.of()), true, "RFC822.HEADER"));
            case "RFC822.TEXT" -> List.of(new FetchItem.Rfc822(
                    new Section(List.of(), Section.Text.TEXT, List.of()), false, "RFC822.TEXT"));
            case "BODY", "BODY.PEEK" -> {
                if (c.peek() != '[') {
                    if (name.equals("BODY.PEEK")) {
                        throw c.error("BODY.PEEK needs a section");
                    }
                    yield List.of(new FetchItem.BodyStructure(false));
                }
                Section s = section(c);
                yield List.of(new FetchItem.BodySection(s, name.equals("BODY.PEEK"), partial(c)));
            }
            case "BINARY", "BINARY.PEEK" -> {
                List<Integer> part = binarySection(c);
                yield List.of(new FetchItem.Binary(part, name.equals("BINARY.PEEK"), partial(c)));
            }
            case "BINARY.SIZE" -> List.of(new FetchItem.BinarySize(binarySection(c)));
            default -> throw c.error("unknown fetch item");
        };
    }

    private static List<FetchItem> macro(ImapCursor c, boolean allowed, List<FetchItem> items) throws SyntaxException {
        if (!allowed) {
            throw c.error("a macro cannot be in a list"); // RFC 9051 §6.4.5
        }
        return items;
    }

    private static String name(ImapCursor c) throws SyntaxException {
        StringBuilder b = new StringBuilder();
        while (!c.atEnd() && c.peek() != '[' && ImapCursor.isAtomChar(c.peek())) {
            b.append((char) c.peek());
            c.accept((char) c.peek());
        }
        if (b.isEmpty()) {
            throw c.error("expected a fetch item");
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }

    /** RFC 9051 §9 section = "[" [section-spec] "]". */
    static Section section(ImapCursor c) throws SyntaxException {
        c.expect('[');
        List<Integer> part = new ArrayList<>();
        Section.Text text = Section.Text.ALL;
        List<String> fields = List.of();
        if (!c.accept(']')) {
            while (c.peek() >= '0' && c.peek() <= '9') {
                part.add(partNumber(c));
                if (!c.accept('.')) {
                    break;
                }
            }
            if (c.peek() != ']') {
                String t = sectionText(c);
                text = switch (t) {
                    case "HEADER" -> Section.Text.HEADER;
                    case "HEADER.FIELDS" -> Section.Text.HEADER_FIELDS;
                    case "HEADER.FIELDS.NOT" -> Section.Text.HEADER_FIELDS_NOT;
                    case "TEXT" -> Section.Text.TEXT;
                    case "MIME" -> {
                        if (part.isEmpty()) {
                            throw c.error("MIME needs a part number");
                        }
                        yield Section.Text.MIME;
                    }
                    default -> throw c.error("unknown section text");
                };
                if (text == Section.Text.HEADER_FIELDS || text == Section.Text.HEADER_FIELDS_NOT) {
                    c.sp();
                    fields = headerList(c);
                }
            }
            c.expect(']');
        }
        return new Section(part, text, fields);
    }

    private static String sectionText(ImapCursor c) throws SyntaxException {
        StringBuilder b = new StringBuilder();
        while (!c.atEnd() && (Character.isLetter(c.peek()) || c.peek() == '.')) {
            b.append((char) c.peek());
            c.accept((char) c.peek());
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }

    private static List<String> headerList(ImapCursor c) throws SyntaxException {
        List<String> fields = new ArrayList<>();
        c.expectOpen();
        do {
            if (fields.size() >= 200) {
                throw c.error("too many header fields");
            }
            fields.add(c.astring().toUpperCase(Locale.ROOT));
        } while (c.accept(' '));
        c.expectClose();
        return fields;
    }

    private static List<Integer> binarySection(ImapCursor c) throws SyntaxException {
        c.expect('[');
        List<Integer> part = new ArrayList<>();
        if (!c.accept(']')) {
            do {
                part.add(partNumber(c));
            } while (c.accept('.'));
            c.expect(']');
        }
        return part;
    }

    private static int partNumber(ImapCursor c) throws SyntaxException {
        long n = c.nzNumber();
        if (n > 100_000 ) {
            throw c.error("part number out of range");
        }
        return (int) n;
    }

    private static Optional<FetchItem.Partial> partial(ImapCursor c) throws SyntaxException {
        if (!c.accept('<')) {
            return Optional.empty();
        }
        long offset = c.number();
        c.expect('.');
        long count = c.nzNumber();
        c.expect('>');
        return Optional.of(new FetchItem.Partial(offset, count));
    }
}
