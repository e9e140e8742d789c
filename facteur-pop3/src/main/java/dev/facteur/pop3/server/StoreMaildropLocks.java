package dev.facteur.pop3.server;

import dev.facteur.store.Leases;
import dev.facteur.store.Leases.Held;
import dev.facteur.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 1939 §8 maildrop locks held in the store as {@link Leases}, so that a second session gets
 * {@code -ERR [IN-USE]} whichever process or node it reaches. Each session owns its lease under
 * a name unique to this process and session; a background task renews every held lease each
 * third of its time to live, so a process that dies frees its maildrops within one TTL.
 */
public final class StoreMaildropLocks implements MaildropLocks, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreMaildropLocks.class);
    /** Long enough to survive a slow store; short enough that a crash frees the maildrop soon. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(2);

    private final Leases leases;
    private final Duration ttl;
    private final String node = UUID.randomUUID().toString();
    private final AtomicLong sessions = new AtomicLong();
    private final Set<StoreLease> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer;

    /** Renews held leases every third of {@code ttl} on a daemon thread until {@link #close()}. */
    public StoreMaildropLocks(Leases leases, Duration ttl) {
        this(leases, ttl, true);
    }

    /** Without the renewal thread: the caller (a test) calls {@link #renewHeld()}. */
    static StoreMaildropLocks withoutRenewalThread(Leases leases, Duration ttl) {
        return new StoreMaildropLocks(leases, ttl, false);
    }

    private StoreMaildropLocks(Leases leases, Duration ttl, boolean renew) {
        if (ttl.toMillis() < 3) {
            throw new IllegalArgumentException("the lease time to live must be at least 3 ms");
        }
        this.leases = leases;
        this.ttl = ttl;
        if (renew) {
            this.renewer = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("facteur-pop3-lease-renewal").daemon(true).factory());
            long period = ttl.toMillis() / 3;
            renewer.scheduleWithFixedDelay(this::renewHeldQuietly, period, period, TimeUnit.MILLISECONDS);
        } else {
            this.renewer = null;
        }
    }

    static String leaseName(long mailboxId) {
        return "pop3-maildrop:" + mailboxId;
    }

    @Override
    public Optional<Lease> tryLock(long mailboxId) {
        Held lease = new Held(leaseName(mailboxId), node + "/" + sessions.incrementAndGet());
        if (!leases.tryAcquire(lease, ttl)) {
            return Optional.empty();
        }
        StoreLease l = new StoreLease(lease);
        held.add(l);
        return Optional.of(l);
    }

    /** Renews every lease held in this process; a lease found lost is marked so. */
    void renewHeld() {
        List<StoreLease> now = List.copyOf(held);
        List<Held> names = new ArrayList<>(now.size());
        now.forEach(l -> names.add(l.lease));
        List<Held> lost = leases.renew(names, ttl);
        for (StoreLease l : now) {
            if (lost.contains(l.lease)) {
                l.lost.set(true);
                held.remove(l);
                LOG.atWarn().addKeyValue("lease", l.lease.name()).log("maildrop lease lost (expired and taken)");
            }
        }
    }

    private void renewHeldQuietly() {
        try {
            renewHeld();
        } catch (StoreException | IllegalStateException e) {
            // The next round tries again; a lease expires only after three missed rounds.
            LOG.atWarn().setCause(e).log("renewing maildrop leases failed");
        }
    }

    /** Stops renewing; held leases expire unless released. */
    @Override
    public void close() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
    }

    private final class StoreLease implements Lease {
        private final Held lease;
        private final AtomicBoolean released = new AtomicBoolean();
        private final AtomicBoolean lost = new AtomicBoolean();

        StoreLease(Held lease) {
            this.lease = lease;
        }

        @Override
        public boolean confirm() {
            if (lost.get() || released.get()) {
                return false;
            }
            boolean kept = leases.renew(List.of(lease), ttl).isEmpty();
            lost.set(!kept);
            return kept;
        }

        @Override
        public void close() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            held.remove(this);
            try {
                leases.release(lease);
            } catch (StoreException e) {
                // It expires on its own within one TTL.
                LOG.atWarn().addKeyValue("lease", lease.name()).setCause(e).log("releasing a maildrop lease failed");
            }
        }
    }
}
