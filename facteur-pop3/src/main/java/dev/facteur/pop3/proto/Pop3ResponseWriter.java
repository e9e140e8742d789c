package dev.facteur.pop3.proto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes responses onto an output stream; one writer per connection (it reuses its buffers,
 * so it is not thread-safe). Never flushes: the session flushes once per reply
 * or per pipelined batch (RFC 2449 §6.6), so a reply leaves in as few packets as possible.
 */
public final class Pop3ResponseWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int CHUNK = 32 * 1024;

    private final OutputStream out;
    private final byte[] readBuffer = new byte[CHUNK];
    private final byte[] writeBuffer = new byte[CHUNK];

    public Pop3ResponseWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes the response; for a message, copies it from its content source. */
    public void write(Pop3Response response) throws IOException {
        switch (response) {
            case Pop3Response.Status s -> writeStatus(s);
            case Pop3Response.MultiLine m -> writeMultiLine(m);
            case Pop3Response.Continuation c -> writeAscii("+ " + c.base64()); // RFC 5034 §4
            case Pop3Response.Message m -> writeMessage(m);
        }
    }

    /** The status line alone, e.g. for a greeting. */
    public void writeStatus(Pop3Response.Status s) throws IOException {
        StringBuilder line = new StringBuilder(s.ok() ? "+OK" : "-ERR");
        // RFC 2449 §8: the code is in brackets right after the status indicator
        s.code().ifPresent(code -> line.append(" [").append(code.wire()).append(']'));
        if (!s.text().isEmpty()) {
            line.append(' ').append(s.text());
        }
        writeUtf8(line.toString());
    }

    private void writeMultiLine(Pop3Response.MultiLine m) throws IOException {
        writeStatus(m.status());
        DotStuffingOutputStream body = new DotStuffingOutputStream(out, -1, writeBuffer);
        for (String line : m.lines()) {
            body.write(line.getBytes(StandardCharsets.UTF_8));
            body.write(CRLF);
        }
        body.finish();
    }

    private void writeMessage(Pop3Response.Message m) throws IOException {
        // Open before the status line: a message that cannot be read gets -ERR, not a torn +OK.
        try (InputStream in = m.content().open()) {
            writeStatus(m.status());
            DotStuffingOutputStream body = new DotStuffingOutputStream(out, m.bodyLines().orElse(-1), writeBuffer);
            for (int r; (r = in.read(readBuffer)) >= 0; ) {
                body.write(readBuffer, 0, r);
            }
            body.finish();
        }
    }

    private void writeAscii(String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
    }

    private void writeUtf8(String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write(CRLF);
    }
}
