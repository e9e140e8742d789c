package dev.facteur.smtp.server;

import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.Account;
import dev.facteur.store.Alias;
import dev.facteur.store.AliasSource;
import dev.facteur.store.Appended;
import dev.facteur.store.BlobId;
import dev.facteur.store.BlobStore;
import dev.facteur.store.ChangeBus;
import dev.facteur.store.ChangeEvent;
import dev.facteur.store.Directory;
import dev.facteur.store.DomainRecord;
import dev.facteur.store.FlagChange;
import dev.facteur.store.FlagResult;
import dev.facteur.store.Mailbox;
import dev.facteur.store.MailboxStore;
import dev.facteur.store.MessageRecord;
import dev.facteur.store.NewMessage;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundQueue;
import dev.facteur.store.QueuedMessage;
import dev.facteur.store.RecipientOutcome;
import dev.facteur.store.Resolution;
import dev.facteur.store.Settings;
import dev.facteur.store.SpecialUse;
import dev.facteur.store.Store;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An in-memory store with just what SMTP uses (resolve, quotas, INBOX appends, blobs, queue),
 * for protocol tests until the real store is on main. Methods SMTP never calls refuse loudly.
 */
final class FakeStore implements Store, Directory, MailboxStore, BlobStore, ChangeBus {
    private final FakeQueue queue = new FakeQueue();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Set<Domain> domains = ConcurrentHashMap.newKeySet();
    private final List<Alias> aliases = new CopyOnWriteArrayList<>();
    private final Map<Long, Long> usage = new ConcurrentHashMap<>();
    private final Map<BlobId, byte[]> blobs = new ConcurrentHashMap<>();
    final List<MessageRecord> appended = new CopyOnWriteArrayList<>();
    final List<OutboundMessage> queued = new CopyOnWriteArrayList<>();
    final List<ChangeEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1);
    volatile boolean failWrites;

    @Override
    public Directory directory() {
        return this;
    }

    @Override
    public MailboxStore mailboxes() {
        return this;
    }

    @Override
    public BlobStore blobs() {
        return this;
    }

    @Override
    public ChangeBus changes() {
        return this;
    }

    @Override
    public dev.facteur.store.ReportStore reports() {
        throw new UnsupportedOperationException("the SMTP tests' fake store keeps no reports");
    }

    @Override
    public dev.facteur.store.Leases leases() {
        throw new UnsupportedOperationException("the SMTP tests' fake store has no leases");
    }

    @Override
    public OutboundQueue queue() {
        return queue;
    }

    @Override
    public Settings settings() {
        throw new UnsupportedOperationException("SMTP does not use settings");
    }

    @Override
    public int collectGarbage() {
        return 0;
    }

    @Override
    public void close() {
    }

    // --- Directory

    @Override
    public DomainRecord addDomain(Domain domain) {
        domains.add(domain);
        return new DomainRecord(ids.getAndIncrement(), domain, Instant.EPOCH);
    }

    @Override
    public List<DomainRecord> domains() {
        return domains.stream().map(d -> new DomainRecord(0, d, Instant.EPOCH)).toList();
    }

    @Override
    public Optional<DomainRecord> findDomain(Domain domain) {
        return domains.contains(domain) ? Optional.of(new DomainRecord(0, domain, Instant.EPOCH)) : Optional.empty();
    }

    @Override
    public void removeDomain(Domain domain) {
        domains.remove(domain);
    }

    @Override
    public Account addAccount(EmailAddress address, String passwordHash) {
        Account a = new Account(ids.getAndIncrement(), address, passwordHash, 0, false, Instant.EPOCH);
        accounts.put(address.canonical(), a);
        return a;
    }

    @Override
    public List<Account> accounts(Optional<Domain> domain) {
        return List.copyOf(accounts.values());
    }

    @Override
    public Optional<Account> findAccount(EmailAddress address) {
        return Optional.ofNullable(accounts.get(address.canonical()));
    }

    @Override
    public Optional<Account> findAccount(long accountId) {
        return accounts.values().stream().filter(a -> a.id() == accountId).findFirst();
    }

    @Override
    public void removeAccount(EmailAddress address) {
        accounts.remove(address.canonical());
    }

    @Override
    public void setPassword(EmailAddress address, String passwordHash) {
        Account a = accounts.get(address.canonical());
        accounts.put(address.canonical(), new Account(a.id(), a.address(), passwordHash, a.quotaBytes(), a.disabled(), a.created()));
    }

    @Override
    public void setDisabled(EmailAddress address, boolean disabled) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setQuota(EmailAddress address, long bytes) {
        Account a = accounts.get(address.canonical());
        accounts.put(address.canonical(), new Account(a.id(), a.address(), a.passwordHash(), bytes, a.disabled(), a.created()));
    }

    @Override
    public long usage(long accountId) {
        return usage.getOrDefault(accountId, 0L);
    }

    @Override
    public Alias addAlias(AliasSource source, EmailAddress target) {
        Alias a = new Alias(source, List.of(target));
        aliases.add(a);
        return a;
    }

    @Override
    public List<Alias> aliases(Optional<Domain> domain) {
        return aliases.stream().filter(a -> domain.isEmpty() || a.source().domain().equals(domain.get())).toList();
    }

    @Override
    public void removeAlias(AliasSource source, Optional<EmailAddress> target) {
        aliases.removeIf(a -> a.source().equals(source));
    }

    @Override
    public Optional<Resolution> resolve(EmailAddress recipient) {
        if (!domains.contains(recipient.domain())) {
            return Optional.empty();
        }
        Account exact = accounts.get(recipient.canonical());
        if (exact != null) {
            return Optional.of(deliver(List.of(exact.address()), Optional.empty()));
        }
        List<EmailAddress> targets = new ArrayList<>();
        for (Alias a : aliases) {
            if (a.source() instanceof AliasSource.Exact e && e.address().canonical().equals(recipient.canonical())) {
                targets.addAll(a.targets());
            }
        }
        if (!targets.isEmpty()) {
            return Optional.of(deliver(targets, Optional.empty()));
        }
        String local = recipient.localPart();
        int plus = local.indexOf('+');
        if (plus > 0) {
            Account base = accounts.get((local.substring(0, plus) + "@" + recipient.domain()).toLowerCase(java.util.Locale.ROOT));
            if (base != null) {
                return Optional.of(deliver(List.of(base.address()), Optional.of(local.substring(plus + 1))));
            }
        }
        for (Alias a : aliases) {
            if (a.source() instanceof AliasSource.CatchAll c && c.domain().equals(recipient.domain())) {
                return Optional.of(deliver(a.targets(), Optional.empty()));
            }
        }
        return Optional.of(new Resolution.Unknown());
    }

    private Resolution deliver(List<EmailAddress> targets, Optional<String> tag) {
        List<Resolution.LocalTarget> local = new ArrayList<>();
        List<EmailAddress> external = new ArrayList<>();
        for (EmailAddress t : targets) {
            Account a = accounts.get(t.canonical());
            if (a != null) {
                local.add(new Resolution.LocalTarget(a, tag));
            } else {
                external.add(t);
            }
        }
        return new Resolution.Deliver(local, external);
    }

    // --- MailboxStore (INBOX only: mailbox id = account id)

    @Override
    public Optional<Mailbox> find(long accountId, String name) {
        if (!name.equalsIgnoreCase("INBOX") || findAccount(accountId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Mailbox(accountId, accountId, "INBOX", 1, 1, 1, Optional.empty(), true, 0, 0, 0));
    }

    @Override
    public List<Appended> appendAll(List<Map.Entry<Long, NewMessage>> deliveries) {
        if (failWrites) {
            throw new dev.facteur.store.StoreException("disk full (test)");
        }
        List<Appended> out = new ArrayList<>();
        for (Map.Entry<Long, NewMessage> d : deliveries) {
            NewMessage m = d.getValue();
            long uid = ids.getAndIncrement();
            appended.add(new MessageRecord(d.getKey(), uid, uid, m.flags(), m.internalDate(), m.internalDate(), m.size(),
                    m.blob(), "e" + uid, "t" + uid, m.summary()));
            usage.merge(d.getKey(), m.size(), Long::sum);
            events.add(new ChangeEvent.MessageAdded(d.getKey(), d.getKey(), uid, uid));
            out.add(new Appended(d.getKey(), 1, uid, uid, "e" + uid));
        }
        return out;
    }

    /** The bytes of every message appended to the account's INBOX. */
    List<byte[]> inbox(EmailAddress address) throws IOException {
        long id = findAccount(address).orElseThrow().id();
        List<byte[]> out = new ArrayList<>();
        for (MessageRecord r : appended) {
            if (r.mailboxId() == id) {
                out.add(read(r.blob()));
            }
        }
        return out;
    }

    @Override
    public Appended append(long mailboxId, NewMessage message) {
        return appendAll(List.of(Map.entry(mailboxId, message))).getFirst();
    }

    // --- BlobStore

    @Override
    public BlobId put(java.io.InputStream content) throws IOException {
        return put(content.readAllBytes());
    }

    @Override
    public BlobId put(byte[] bytes) throws IOException {
        if (failWrites) {
            throw new IOException("disk full (test)");
        }
        try {
            BlobId id = BlobId.of(MessageDigest.getInstance("SHA-256").digest(bytes));
            blobs.put(id, bytes.clone());
            return id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<BlobId> putAll(Collection<byte[]> all) throws IOException {
        List<BlobId> out = new ArrayList<>();
        for (byte[] b : all) {
            out.add(put(b));
        }
        return out;
    }

    @Override
    public InputStream open(BlobId id) throws IOException {
        return new ByteArrayInputStream(read(id));
    }

    @Override
    public byte[] read(BlobId id) throws IOException {
        byte[] b = blobs.get(id);
        if (b == null) {
            throw new FileNotFoundException(id.hex());
        }
        return b.clone();
    }

    @Override
    public boolean exists(BlobId id) {
        return blobs.containsKey(id);
    }

    @Override
    public long size(BlobId id) throws IOException {
        return read(id).length;
    }

    @Override
    public int collectGarbage(Set<BlobId> referenced) {
        return 0;
    }

    // --- ChangeBus

    @Override
    public Subscription subscribe(long accountId, Consumer<ChangeEvent> listener) {
        return () -> { };
    }

    // --- Not used by SMTP

    private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("not used by the SMTP server");
    }

    @Override
    public List<Mailbox> list(long accountId) {
        throw unused();
    }

    @Override
    public Optional<Mailbox> find(long mailboxId) {
        throw unused();
    }

    @Override
    public Mailbox create(long accountId, String name, Optional<SpecialUse> specialUse) {
        throw unused();
    }

    @Override
    public void delete(long mailboxId) {
        throw unused();
    }

    @Override
    public void rename(long mailboxId, String newName) {
        throw unused();
    }

    @Override
    public void setSubscribed(long accountId, String name, boolean subscribed) {
        throw unused();
    }

    @Override
    public List<String> subscriptions(long accountId) {
        throw unused();
    }

    @Override
    public List<MessageRecord> messages(long mailboxId) {
        throw unused();
    }

    @Override
    public List<MessageRecord> changedSince(long mailboxId, long modSeq) {
        throw unused();
    }

    @Override
    public List<Long> expungedSince(long mailboxId, long modSeq) {
        throw unused();
    }

    @Override
    public Optional<MessageRecord> message(long mailboxId, long uid) {
        throw unused();
    }

    @Override
    public FlagResult changeFlags(long mailboxId, FlagChange change) {
        throw unused();
    }

    @Override
    public List<Long> expunge(long mailboxId, List<Long> uids) {
        throw unused();
    }

    @Override
    public Map<Long, Long> copy(long fromMailboxId, List<Long> uids, long toMailboxId) {
        throw unused();
    }

    @Override
    public Map<Long, Long> move(long fromMailboxId, List<Long> uids, long toMailboxId) {
        throw unused();
    }

    /** The queue part (its method names clash with MailboxStore's). */
    final class FakeQueue implements OutboundQueue {

    @Override
    public QueuedMessage enqueue(OutboundMessage message) {
        queued.add(message);
        return new QueuedMessage(ids.getAndIncrement(), message, List.of(), 0, message.queuedAt(), false, "");
    }

    @Override
    public long size() {
        return queued.size();
    }

    @Override
    public List<QueuedMessage> claim(String worker, Instant now, int max, long leaseSeconds) {
        throw unused();
    }

    @Override
    public void record(long messageId, List<RecipientOutcome> outcomes, Optional<Instant> nextAttempt) {
        throw unused();
    }

    @Override
    public Optional<QueuedMessage> find(long messageId) {
        throw unused();
    }

    @Override
    public List<QueuedMessage> list(int limit) {
        throw unused();
    }

    @Override
    public void retryNow(long messageId) {
        throw unused();
    }

    @Override
    public void hold(long messageId, boolean held) {
        throw unused();
    }

    @Override
    public void delete(long messageId) {
        throw unused();
    }
    }

}
