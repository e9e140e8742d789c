package dev.facteur.pop3.server;

import dev.facteur.store.BlobId;
import dev.facteur.store.BlobStore;
import dev.facteur.store.MessageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The size of a message as RETR sends it (RFC 1939 §5 LIST, STAT and §11: "the exact size of
 * the message"): every line ending in CRLF, whatever the stored line endings are, counted
 * before byte-stuffing and without the terminating {@code .CRLF}. A message stored with bare LF
 * is larger on the wire than in the store. Blobs are content-addressed and never change, so a
 * size computed once is kept (in a bounded map) for every later session.
 */
final class WireSizes {
    /** Entries kept before the map is emptied and starts again (about 20 MB at most). */
    private static final int MAX_CACHED = 100_000;
    private static final int CHUNK = 64 * 1024;

    private final BlobStore blobs;
    private final Map<BlobId, Long> known = new ConcurrentHashMap<>();

    WireSizes(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** The message's size on the wire; reads its bytes the first time. */
    long of(MessageRecord message) throws IOException {
        Long cached = known.get(message.blob());
        if (cached != null) {
            return cached;
        }
        long size;
        try (InputStream in = blobs.open(message.blob())) {
            size = count(in);
        }
        if (known.size() >= MAX_CACHED) {
            known.clear();
        }
        known.put(message.blob(), size);
        return size;
    }

    /**
     * Counts what {@link dev.facteur.pop3.proto.DotStuffingOutputStream} writes for these bytes,
     * less stuffing and terminator: a bare LF becomes CRLF, a lone CR stays, and a last line
     * without its line ending gets CRLF (a trailing CR becomes that CRLF).
     */
    static long count(InputStream in) throws IOException {
        byte[] buf = new byte[CHUNK];
        long total = 0;
        byte prev = '\n';
        for (int n; (n = in.read(buf)) >= 0; ) {
            total += n;
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n' && prev != '\r') {
                    total++; // RFC 1939 §3: lines end in CRLF on the wire
                }
                prev = b;
            }
        }
        if (prev == '\r') {
            total++;
        } else if (prev != '\n') {
            total += 2;
        }
        return total;
    }
}
