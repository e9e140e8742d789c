package dev.facteur.imap.server;

import dev.facteur.imap.proto.ImapResponse;
import dev.facteur.imap.proto.LiteralMarker;
import dev.facteur.imap.proto.ResponseWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one whole command: its line and every literal it announces (RFC 9051 §4.3), asking
 * for synchronising literals with a continuation and refusing over-size ones before the client
 * sends them. Memory is bounded by the line limit plus the literal limit.
 */
final class CommandReader {

    /** The outcome of reading one command. */
    sealed interface Read {
        record Complete(byte[] command) implements Read {}

        /** The line was too long; it has been consumed. */
        record TooLong() implements Read {}

        /** A synchronising literal was refused before the client sent it; answer and go on. */
        record Refused(ImapResponse response) implements Read {}

        /** The client cannot be resynchronised (an over-size non-synchronising literal): close. */
        record Fatal(String reason) implements Read {}
    }

    private static final int MAX_LITERALS = 1000;

    private final ImapTransport transport;
    private final ImapServerSettings settings;

    CommandReader(ImapTransport transport, ImapServerSettings settings) {
        this.transport = transport;
        this.settings = settings;
    }

    Read read() throws IOException {
        ImapTransport.RawLine line = transport.readLine(settings.maxLineLength());
        if (line.tooLong()) {
            return new Read.TooLong();
        }
        byte[] first = line.content();
        boolean append = isAppend(first);
        long literalLimit = append ? settings.appendLimit() : settings.maxCommandLiteral();
        long total = 0;
        ByteArrayOutputStream buf = new ByteArrayOutputStream(first.length + 16);
        buf.writeBytes(first);
        byte[] current = first;
        for (int literals = 0; ; literals++) {
            Optional<LiteralMarker> marker = LiteralMarker.at(current, current.length);
            if (marker.isEmpty()) {
                return new Read.Complete(buf.toByteArray());
            }
            LiteralMarker m = marker.get();
            total += m.size();
            if (m.size() > literalLimit || total > literalLimit * (append ? 2 : 1) || literals >= MAX_LITERALS) {
                if (m.nonSynchronizing()) {
                    // RFC 7888 §4: the octets are coming anyway; we will not read them
                    return new Read.Fatal("literal too large");
                }
                String tag = tagOf(first);
                // RFC 7889 §3 / RFC 9051 §7.1: refuse before the continuation, the client stops
                return new Read.Refused(new ImapResponse.Tagged(tag, append ? ImapResponse.Status.NO : ImapResponse.Status.BAD,
                        append ? Optional.of("TOOBIG") : Optional.empty(), "literal too large"));
            }
            if (!m.nonSynchronizing()) {
                ResponseWriter w = new ResponseWriter();
                w.write(new ImapResponse.Continuation("Ready for literal data"));
                w.flushTo(transport.out());
            }
            buf.write('\r');
            buf.write('\n');
            transport.copy(m.size(), buf);
            // The rest of the line may be held by the client's Nagle until this literal is
            // acknowledged (imaplib sends it in a second write): acknowledge now, not in 40 ms.
            transport.acknowledgeNow();
            ImapTransport.RawLine rest = transport.readLine(settings.maxLineLength());
            if (rest.tooLong()) {
                return new Read.Fatal("command line too long");
            }
            buf.writeBytes(rest.content());
            current = rest.content();
        }
    }

    private static boolean isAppend(byte[] line) {
        String s = new String(line, 0, Math.min(line.length, 80), StandardCharsets.US_ASCII);
        int sp = s.indexOf(' ');
        return sp > 0 && s.substring(sp + 1).toUpperCase(Locale.ROOT).startsWith("APPEND ");
    }

    /** The tag of a command line, or "*" if it has none we can echo safely. */
    static String tagOf(byte[] line) {
        int i = 0;
        while (i < line.length && i < 64 && line[i] > 0x20 && line[i] < 0x7F && "(){%*\"\\+".indexOf(line[i]) < 0) {
            i++;
        }
        return i == 0 ? "*" : new String(line, 0, i, StandardCharsets.US_ASCII);
    }
}
