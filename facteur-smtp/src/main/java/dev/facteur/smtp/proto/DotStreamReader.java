package dev.facteur.smtp.proto;

import dev.facteur.core.net.Line;
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

    /** The message octets (dot-unstuffed, as received otherwise) and what is wrong with them. */
    public record Result(byte[] message, MessageCheck check) {}

    private DotStreamReader() {
    }

    public static Result read(LineReader in, long maxSize) throws IOException {
        MessageBuffer out = new MessageBuffer(maxSize);
        MessageCheck check = MessageCheck.OK;
        boolean previousEndedWithCrlf = true; // the DATA command line itself ended with CRLF
        while (true) {
            Line line = in.readLine(MessageCheck.MAX_TEXT_LINE);
            byte[] c = line.content();
            boolean crlf = line.ending() == Line.Ending.CRLF;
            if (previousEndedWithCrlf && crlf && c.length == 1 && c[0] == '.' && !line.tooLong()) {
                break;
            }
            if (line.tooLong() && check == MessageCheck.OK) {
                check = MessageCheck.LINE_TOO_LONG;
            }
            if ((!crlf || line.hasBareCr() || line.hasNul()) && check != MessageCheck.BARE_LINE_ENDING) {
                check = MessageCheck.BARE_LINE_ENDING;
            }
            // RFC 5321 §4.5.2: a line starting with "." had one added by the client.
            int skip = previousEndedWithCrlf && c.length > 0 && c[0] == '.' ? 1 : 0;
            out.write(c, skip, c.length - skip);
            if (crlf) {
                out.write(CRLF, 0, 2);
            } else {
                out.write(CRLF, 1, 1);
            }
            previousEndedWithCrlf = crlf;
        }
        if (out.overflowed()) {
            check = MessageCheck.TOO_BIG;
        }
        return new Result(out.toByteArray(), check);
    }

    private static final byte[] CRLF = {'\r', '\n'};
}
