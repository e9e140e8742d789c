package dev.facteur.smtp.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies message bytes into a DATA stream: RFC 5321 §4.5.2 transparency (a line starting with a
 * dot gets a second one), every line ended with CRLF, and the terminating {@code CRLF.CRLF}.
 */
final class DotStuffer {

    private DotStuffer() {
    }

    /** Writes {@code in} dot-stuffed to {@code out}, followed by the end-of-data line; calls {@code block} after each block. */
    static void copy(InputStream in, OutputStream out, BlockListener block) throws IOException {
        byte[] buf = new byte[64 * 1024];
        boolean lineStart = true;
        boolean pendingCr = false;
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                int b = buf[i] & 0xff;
                if (pendingCr) {
                    pendingCr = false;
                    out.write('\r');
                    out.write('\n');
                    lineStart = true;
                    if (b == '\n') {
                        continue;
                    }
                }
                if (b == '\r') {
                    pendingCr = true;
                    continue;
                }
                if (b == '\n') {
                    // RFC 5321 §2.3.8: lines end in CRLF; a bare LF is repaired so no peer can read a
                    // different end of data than ours (the "SMTP smuggling" class of bugs).
                    out.write('\r');
                    out.write('\n');
                    lineStart = true;
                    continue;
                }
                if (lineStart && b == '.') {
                    // RFC 5321 §4.5.2: double a leading period.
                    out.write('.');
                }
                out.write(b);
                lineStart = false;
            }
            block.sent();
        }
        if (pendingCr || !lineStart) {
            out.write('\r');
            out.write('\n');
        }
        // RFC 5321 §4.1.1.4: the mail data ends with a line containing only a period.
        out.write('.');
        out.write('\r');
        out.write('\n');
    }

    /** Called after each block is handed to the socket (the data block timeout restarts). */
    interface BlockListener {
        void sent() throws IOException;
    }
}
