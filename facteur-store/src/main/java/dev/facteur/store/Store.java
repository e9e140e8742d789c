package dev.facteur.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one store every protocol stands on. An implementation holds metadata in SQL
 * (SQLite embedded, PostgreSQL for clusters) and message bytes in a {@link BlobStore}.
 *
 * <p>Invariant: a method that returns normally has made its change durable (committed,
 * and any blob it references fsynced); callers may acknowledge to a client on return.
 */
public interface Store extends AutoCloseable {

    /** Domains, accounts, aliases and quotas. */
    Directory directory();

    /** Mailboxes and the messages in them. */
    MailboxStore mailboxes();

    /** Message bytes, addressed by SHA-256. */
    BlobStore blobs();

    /** Subscriptions to changes (new message, flags, expunge), in this process and across nodes. */
    ChangeBus changes();

    /** The outbound queue (rows plus blobs). */
    OutboundQueue queue();

    /** Key/value data the server keeps: DKIM keys, SRS secrets, report state. */
    Settings settings();

    /** DMARC evaluations, TLS session outcomes and received reports (RFC 9990, RFC 8460). */
    ReportStore reports();

    /** Exclusive, expiring leases shared by every process on this store (POP3 maildrop locks). */
    Leases leases();

    /**
     * Stores the delivery's blobs and commits its appends and queue entries, all durable on
     * return. {@link QuotaExceededException} (nothing stored) if an append would exceed a quota.
     *
     * <p>The SQL store commits everything in ONE transaction, small blobs included (they live in
     * the database; a blob over the inline limit is fsynced to its file first): nothing of the
     * delivery is visible or durable before the commit, and all of it is after. This default, for
     * stores without a shared transaction (test doubles, wrappers), stores the blobs first and then
     * commits the appends and each queue entry in turn: rows never point at missing bytes, but a
     * failure part-way can leave the earlier parts committed.
     */
    default Delivery.Delivered deliver(Delivery delivery) throws IOException {
        blobs().putAll(delivery.blobs().stream().map(StagedBlob::bytes).toList());
        List<Appended> appended = delivery.appends().isEmpty() ? List.of()
                : mailboxes().appendAll(delivery.appends());
        List<Long> queued = new ArrayList<>(delivery.queued().size());
        for (OutboundMessage m : delivery.queued()) {
            queued.add(queue().enqueue(m).id());
        }
        return new Delivery.Delivered(appended, queued);
    }

    /**
     * Deletes blobs that no message or queued mail refers to and that are older than the blob
     * store's grace period; returns how many. The server calls this now and then (e.g. hourly).
     */
    int collectGarbage();

    @Override
    void close();
}
