package dev.facteur.toolkit.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the addresses of a CSV file (RFC 4180): the column named email, address or mail if the
 * first row names one, else the first column. Bounded: a line of at most {@link #MAX_LINE} octets,
 * at most {@code maxRows} rows. A line that is not UTF-8 becomes a row whose input says so (it
 * is then reported as invalid syntax), so every input row still gets one result row.
 */
public final class CsvAddresses {

    public static final int MAX_LINE = 8192;

    /** The CSV cannot be read: the message names the line and the fault. */
    public static final class CsvException extends Exception {
        public CsvException(String message) {
            super(message, null, false, false);
        }
    }

    private CsvAddresses() {
    }

    public static List<String> read(InputStream in, int maxRows) throws IOException, CsvException {
        List<String> out = new ArrayList<>();
        int column = -1;
        int lineNo = 0;
        byte[] buf = new byte[MAX_LINE + 1];
        while (true) {
            int n = readLine(in, buf);
            if (n < 0) {
                break;
            }
            lineNo++;
            if (n > MAX_LINE) {
                throw new CsvException("line " + lineNo + " is longer than " + MAX_LINE + " octets; is this a CSV file of addresses?");
            }
            String line;
            try {
                line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buf, 0, n)).toString();
            } catch (CharacterCodingException e) {
                out.add("(line " + lineNo + " is not valid UTF-8)");
                continue;
            }
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = cells(line, lineNo);
            if (column < 0) {
                column = headerColumn(cells);
                if (column >= 0) {
                    continue;
                }
                column = 0;
            }
            out.add(column < cells.size() ? cells.get(column).strip() : "");
            if (out.size() > maxRows) {
                throw new CsvException("more than " + maxRows + " rows; split the file");
            }
        }
        return out;
    }

    private static int headerColumn(List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i).strip().toLowerCase(Locale.ROOT);
            if (c.equals("email") || c.equals("address") || c.equals("mail") || c.equals("e-mail") || c.equals("email_address")) {
                return i;
            }
        }
        return -1;
    }

    /** RFC 4180 §2: fields separated by commas, optionally in double quotes with "" for a quote. */
    static List<String> cells(String line, int lineNo) throws CsvException {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',' || c == ';' && cells.isEmpty() && line.indexOf(',') < 0) {
                cells.add(cur.toString());
                cur.setLength(0);
                wasQuoted = false;
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            // Deviation from RFC 4180: a quoted field may not span lines, since an address never does.
            throw new CsvException("line " + lineNo + ": a quoted field is not closed");
        }
        cells.add(cur.toString());
        return cells;
    }

    /** Reads up to LF (CR before it removed); returns the length, MAX_LINE + 1 if longer, -1 at end. */
    private static int readLine(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        int c = in.read();
        if (c < 0) {
            return -1;
        }
        while (c >= 0 && c != '\n') {
            if (n == MAX_LINE) {
                return MAX_LINE + 1;
            }
            buf[n++] = (byte) c;
            c = in.read();
        }
        return n > 0 && buf[n - 1] == '\r' ? n - 1 : n;
    }
}
