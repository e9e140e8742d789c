package dev.facteur.smtp.proto;

import dev.facteur.core.net.Line;
import dev.facteur.core.net.LineBuffer;
import dev.facteur.core.net.LineReader;
import java.io.IOException;

/**
 * Reads a DATA message (RFC 5321 §4.1.1.4): lines up to the one that is exactly "." preceded by
 * CRLF and followed by CRLF, removing the leading dot of dot-stuffed lines (§4.5.2).
 *
 * <p>Only CRLF "." CRLF ends the message. The smuggling variants ({@code <LF>.<LF>},
 * {@code <CR>.<CR>}, {@code <LF>.<CR><LF>}, {@code <CR><LF>.<LF>} …) do not: their octets stay
 * in the message, which is then refused for its bare line endings, so no reading of the stream
 * can find a second message inside it.
 */
public final class DotStreamReader {
    private static final byte[] CRLF = {'\r', '\n'};

    private DotStreamReader() {
    }

    /** Reads into an in-memory buffer; returns the octets and what is wrong with them. */
    public static Result read(LineReader in, long maxSize) throws IOException {
        try (MessageBuffer out = new MessageBuffer(maxSize)) {
            MessageCheck check = read(in, out);
            return new Result(out.toByteArray(), check);
        }
    }

    /** The message octets (dot-unstuffed, as received otherwise) and what is wrong with them. */
    public record Result(byte[] message, MessageCheck check) {}

    /**
     * Reads the message into {@code out} (which bounds what it keeps) and returns what is wrong
     * with it. The input is consumed up to the end-of-data line whatever the check says.
     */
    public static MessageCheck read(LineReader in, MessageBuffer out) throws IOException {
        MessageCheck check = MessageCheck.OK;
        LineBuffer line = new LineBuffer(1024);
        boolean previousEndedWithCrlf = true; // the DATA command line itself ended with CRLF
        while (true) {
            in.readLine(MessageCheck.MAX_TEXT_LINE, line);
            byte[] c = line.array();
            int length = line.length();
            boolean crlf = line.ending() == Line.Ending.CRLF;
            if (previousEndedWithCrlf && crlf && length == 1 && c[0] == '.' && !line.tooLong()) {
                break;
            }
            if (line.tooLong() && check == MessageCheck.OK) {
                check = MessageCheck.LINE_TOO_LONG;
            }
            if ((!crlf || line.hasBareCr() || line.hasNul()) && check != MessageCheck.BARE_LINE_ENDING) {
                check = MessageCheck.BARE_LINE_ENDING;
            }
            // RFC 5321 §4.5.2: a line starting with "." had one added by the client.
            int skip = previousEndedWithCrlf && length > 0 && c[0] == '.' ? 1 : 0;
            out.write(c, skip, length - skip);
            if (crlf) {
                out.write(CRLF, 0, 2);
            } else {
                out.write(CRLF, 1, 1);
            }
            previousEndedWithCrlf = crlf;
        }
        return out.overflowed() ? MessageCheck.TOO_BIG : check;
    }
}
