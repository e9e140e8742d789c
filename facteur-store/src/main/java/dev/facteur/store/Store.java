package dev.facteur.store;

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
     * Deletes blobs that no message or queued mail refers to and that are older than the blob
     * store's grace period; returns how many. The server calls this now and then (e.g. hourly).
     */
    int collectGarbage();

    @Override
    void close();
}
