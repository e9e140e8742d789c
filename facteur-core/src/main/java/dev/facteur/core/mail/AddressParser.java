package dev.facteur.core.mail;

/** A cursor parser for RFC 5321 mailboxes with RFC 6531 UTF-8 extensions. */
final class AddressParser {
    private final String s;
    private int pos;

    private AddressParser(String s) {
        this.s = s;
    }

    static EmailAddress parseMailbox(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no address");
        }
        if (text.length() > 320) {
            throw new IllegalArgumentException("address too long");
        }
        AddressParser p = new AddressParser(text);
        String local = p.localPart();
        if (!p.accept('@')) {
            throw new IllegalArgumentException("missing @ in address: " + Domain.printable(text));
        }
        String domainText = text.substring(p.pos);
        if (domainText.startsWith("[")) {
            // Address literals are valid SMTP but never name a mailbox we host or relay to.
            throw new IllegalArgumentException("address literals are not accepted: " + Domain.printable(text));
        }
        return new EmailAddress(local, Domain.of(domainText));
    }

    private boolean accept(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private String localPart() {
        if (accept('"')) {
            // RFC 5321 §4.1.2 Quoted-string = DQUOTE *QcontentSMTP DQUOTE
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw new IllegalArgumentException("unterminated quoted local part");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        throw new IllegalArgumentException("unterminated quoted local part");
                    }
                    c = s.charAt(pos++);
                    if (c < 0x20 || c == 0x7f) {
                        throw new IllegalArgumentException("control character in local part");
                    }
                } else if (c < 0x20 || c == 0x7f) {
                    throw new IllegalArgumentException("control character in local part");
                }
                b.append(c);
            }
            if (b.isEmpty()) {
                throw new IllegalArgumentException("empty local part");
            }
            return b.toString();
        }
        int start = pos;
        boolean lastDot = true;
        while (pos < s.length() && s.charAt(pos) != '@') {
            char c = s.charAt(pos);
            if (c == '.') {
                // RFC 5321 §4.1.2 Dot-string = Atom *("." Atom): no leading, trailing or double dots.
                if (lastDot) {
                    throw new IllegalArgumentException("misplaced dot in local part");
                }
                lastDot = true;
            } else if (isAtext(c)) {
                lastDot = false;
            } else {
                throw new IllegalArgumentException("invalid character in local part: " + Domain.printable(s));
            }
            pos++;
        }
        if (pos == start) {
            throw new IllegalArgumentException("empty local part");
        }
        if (lastDot) {
            throw new IllegalArgumentException("misplaced dot in local part");
        }
        return s.substring(start, pos);
    }

    /** RFC 5322 §3.2.3 atext, plus UTF8-non-ascii per RFC 6531 §3.3. */
    static boolean isAtext(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        if (c > 0x7f) {
            return !Character.isISOControl(c) && !Character.isWhitespace(c);
        }
        return "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    static String formatLocalPart(String local) {
        boolean dotAtom = !local.startsWith(".") && !local.endsWith(".") && !local.contains("..");
        for (int i = 0; i < local.length() && dotAtom; i++) {
            char c = local.charAt(i);
            dotAtom = c == '.' || isAtext(c);
        }
        if (dotAtom) {
            return local;
        }
        StringBuilder b = new StringBuilder(local.length() + 2).append('"');
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }
}
