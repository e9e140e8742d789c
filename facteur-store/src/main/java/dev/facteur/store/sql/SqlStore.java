package dev.facteur.store.sql;

import dev.facteur.store.Appended;
import dev.facteur.store.BlobId;
import dev.facteur.store.BlobStore;
import dev.facteur.store.ChangeBus;
import dev.facteur.store.Delivery;
import dev.facteur.store.Directory;
import dev.facteur.store.Leases;
import dev.facteur.store.MailboxStore;
import dev.facteur.store.NewMessage;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundQueue;
import dev.facteur.store.ReportStore;
import dev.facteur.store.Settings;
import dev.facteur.store.StagedBlob;
import dev.facteur.store.Store;
import dev.facteur.store.StoreException;
import dev.facteur.store.blob.FileBlobStore;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Store} over a SQL {@link Database}, with message bytes in a {@link TieredBlobStore}:
 * small blobs in the database (committed with their rows), large ones in files.
 */
public final class SqlStore implements Store {
    private final Database db;
    private final InstantSource clock;
    private final TieredBlobStore blobs;
    private final ChangeBus bus;
    private final AutoCloseable busResource;
    private final SqlDirectory directory;
    private final SqlMailboxStore mailboxes;
    private final SqlOutboundQueue queue;
    private final SqlSettings settings;
    private final SqlReportStore reports;
    private final SqlLeases leases;

    /**
     * How the blob tiers are set up.
     *
     * @param files the file tier
     * @param inlineLimit blobs of at most this many bytes go to the database
     * @param grace how old an unreferenced blob row must be before garbage collection deletes it
     */
    public record BlobTiers(FileBlobStore files, int inlineLimit, Duration grace) {}

    /** Applies pending migrations, then serves. {@code busResource} is closed with the store. */
    public SqlStore(Database db, BlobTiers tiers, ChangeBus bus, AutoCloseable busResource, InstantSource clock) {
        this.db = db;
        this.clock = clock;
        this.bus = bus;
        this.busResource = busResource;
        Migrations.apply(db, clock);
        this.blobs = new TieredBlobStore(db, tiers.files(), tiers.inlineLimit(), clock, tiers.grace());
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
    public TieredBlobStore blobs() {
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

    /**
     * One transaction for the whole delivery: its inline blobs, appends and queue entries commit
     * together (in the same group-commit batch as concurrent deliveries: one fsync on SQLite).
     * Blobs over the inline limit are made durable as files before the transaction begins.
     */
    @Override
    public Delivery.Delivered deliver(Delivery delivery) throws IOException {
        List<StagedBlob> inline = blobs.storeFilesAndKeepInline(delivery.blobs());
        return db.write(tx -> {
            long now = clock.millis();
            for (StagedBlob b : inline) {
                TieredBlobStore.insert(tx, b, now);
            }
            List<Appended> appended = new ArrayList<>(delivery.appends().size());
            for (Map.Entry<Long, NewMessage> a : delivery.appends()) {
                appended.add(mailboxes.appendIn(tx, a.getKey(), a.getValue()));
            }
            List<Long> queued = new ArrayList<>(delivery.queued().size());
            for (OutboundMessage m : delivery.queued()) {
                queued.add(SqlOutboundQueue.insert(tx, m));
            }
            return new Delivery.Delivered(appended, queued);
        });
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
