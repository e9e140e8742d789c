package dev.facteur.imap.server;

import dev.facteur.store.BlobId;
import dev.facteur.store.BlobStore;
import dev.facteur.store.MessageRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The octets of a chunk of messages read together (FETCH BODY[], SEARCH TEXT): one query for the
 * blobs the database holds instead of one per message, which on PostgreSQL is a round trip each.
 */
final class ChunkOctets {

    /** Most octets one chunk holds in memory; the messages past it are read one by one when their turn comes. */
    static final long MAX_BYTES = 4L << 20;

    private ChunkOctets() {
    }

    /** The octets of {@code rows}' messages, in their order, until {@link #MAX_BYTES}; absent blobs left out. */
    static Map<BlobId, byte[]> read(BlobStore blobs, Collection<MessageRecord> rows) throws IOException {
        List<BlobId> ids = new ArrayList<>();
        long total = 0;
        for (MessageRecord r : rows) {
            if (total + r.size() > MAX_BYTES) {
                break;
            }
            total += r.size();
            ids.add(r.blob());
        }
        return ids.isEmpty() ? Map.of() : blobs.readAll(ids);
    }
}
