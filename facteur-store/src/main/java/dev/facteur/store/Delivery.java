package dev.facteur.store;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one accepted message becomes, made durable as one by {@link Store#deliver}: its bytes
 * (one or more blobs), the copies appended to mailboxes and the entries queued for remote
 * delivery. Every append and queue entry must point at one of {@code blobs}, so that no row can
 * ever be committed without its bytes.
 *
 * @param blobs the bytes the rows point at (the same content twice is stored once)
 * @param appends mailbox id and message, appended in order (as {@link MailboxStore#appendAll})
 * @param queued messages for the outbound queue, in order (as {@link OutboundQueue#enqueue})
 */
public record Delivery(List<StagedBlob> blobs, List<Map.Entry<Long, NewMessage>> appends,
                       List<OutboundMessage> queued) {
    public Delivery {
        blobs = List.copyOf(blobs);
        appends = List.copyOf(appends);
        queued = List.copyOf(queued);
        Set<BlobId> carried = new HashSet<>();
        blobs.forEach(b -> carried.add(b.id()));
        for (Map.Entry<Long, NewMessage> a : appends) {
            requireCarried(carried, a.getValue().blob());
        }
        for (OutboundMessage q : queued) {
            requireCarried(carried, q.blob());
            if (q.recipients().isEmpty()) {
                throw new IllegalArgumentException("a queued message has at least one recipient");
            }
        }
    }

    private static void requireCarried(Set<BlobId> carried, BlobId blob) {
        if (!carried.contains(blob)) {
            throw new IllegalArgumentException("blob " + blob + " is referenced but not carried by the delivery");
        }
    }

    /** Local copies only. */
    public static Delivery toMailboxes(StagedBlob blob, List<Map.Entry<Long, NewMessage>> appends) {
        return new Delivery(List.of(blob), appends, List.of());
    }

    /** One message for the outbound queue. */
    public static Delivery toQueue(StagedBlob blob, OutboundMessage queued) {
        return new Delivery(List.of(blob), List.of(), List.of(queued));
    }

    /**
     * The outcome of {@link Store#deliver}.
     *
     * @param appended where each append landed, in the order of {@link #appends}
     * @param queuedIds the outbound queue id of each entry, in the order of {@link #queued}
     */
    public record Delivered(List<Appended> appended, List<Long> queuedIds) {
        public Delivered {
            appended = List.copyOf(appended);
            queuedIds = List.copyOf(queuedIds);
        }
    }
}
