package dev.facteur.store.sql;

import dev.facteur.store.BlobId;
import dev.facteur.store.BlobStore;
import dev.facteur.store.ChangeBus;
import dev.facteur.store.Directory;
import dev.facteur.store.Leases;
import dev.facteur.store.MailboxStore;
import dev.facteur.store.OutboundQueue;
import dev.facteur.store.ReportStore;
import dev.facteur.store.Settings;
import dev.facteur.store.Store;
import dev.facteur.store.StoreException;
import java.io.IOException;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;

/** A {@link Store} over a SQL {@link Database} and a {@link BlobStore}. */
public final class SqlStore implements Store {
    private final Database db;
    private final BlobStore blobs;
    private final ChangeBus bus;
    private final AutoCloseable busResource;
    private final SqlDirectory directory;
    private final SqlMailboxStore mailboxes;
    private final SqlOutboundQueue queue;
    private final SqlSettings settings;
    private final SqlReportStore reports;
    private final SqlLeases leases;

    /** Applies pending migrations, then serves. {@code busResource} is closed with the store. */
    public SqlStore(Database db, BlobStore blobs, ChangeBus bus, AutoCloseable busResource, InstantSource clock) {
        this.db = db;
        this.blobs = blobs;
        this.bus = bus;
        this.busResource = busResource;
        Migrations.apply(db, clock);
        Mailboxes mailboxRows = new Mailboxes(clock);
        this.directory = new SqlDirectory(db, clock, mailboxRows);
        this.mailboxes = new SqlMailboxStore(db, clock, mailboxRows);
        this.queue = new SqlOutboundQueue(db, clock);
        this.settings = new SqlSettings(db);
        this.reports = new SqlReportStore(db);
        this.leases = new SqlLeases(db, clock);
    }

    @Override
    public SqlDirectory directory() {
        return directory;
    }

    @Override
    public MailboxStore mailboxes() {
        return mailboxes;
    }

    @Override
    public BlobStore blobs() {
        return blobs;
    }

    @Override
    public ChangeBus changes() {
        return bus;
    }

    @Override
    public OutboundQueue queue() {
        return queue;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public ReportStore reports() {
        return reports;
    }

    @Override
    public Leases leases() {
        return leases;
    }

    /** The blobs that messages or queued mail still point at. */
    public Set<BlobId> referencedBlobs() {
        return db.read(tx -> new HashSet<>(tx.sql("SELECT blob FROM messages UNION SELECT blob FROM queue_messages")
                .list(rs -> new BlobId(rs.getString(1)))));
    }

    /**
     * Deletes blobs no message or queued mail points at (older than the blob store's grace
     * period, so blobs whose rows are about to be committed survive). Returns how many.
     */
    @Override
    public int collectGarbage() {
        try {
            return blobs.collectGarbage(referencedBlobs());
        } catch (IOException e) {
            throw new StoreException("blob garbage collection failed", e);
        }
    }

    /** Drops connections without waiting for queued writes: what a crash leaves (for tests). */
    public void abandon() {
        db.abandon();
        closeBus();
    }

    @Override
    public void close() {
        db.close();
        closeBus();
    }

    private void closeBus() {
        try {
            busResource.close();
        } catch (Exception e) {
            throw new StoreException("closing the change bus failed", e);
        }
    }
}
