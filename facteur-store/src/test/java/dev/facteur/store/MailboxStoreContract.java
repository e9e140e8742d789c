package dev.facteur.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Mailboxes, messages, flags, the change log, copy and move, for every backend. */
public interface MailboxStoreContract extends StoreContract {

    private MailboxStore boxes() {
        return store().mailboxes();
    }

    private Mailbox reload(Mailbox m) {
        return boxes().find(m.id()).orElseThrow();
    }

    @Test
    default void createMakesMissingParentsAndRefusesDuplicates() {
        Account a = account("alice@a.test");
        Mailbox child = boxes().create(a.id(), "Work/2026/Q1", Optional.empty());
        assertThat(child.name()).isEqualTo("Work/2026/Q1");
        assertThat(child.uidNext()).isEqualTo(1);
        assertThat(boxes().find(a.id(), "Work")).isPresent();
        assertThat(boxes().find(a.id(), "Work/2026")).isPresent();
        assertThatThrownBy(() -> boxes().create(a.id(), "Work", Optional.empty()))
                .isInstanceOf(ConflictException.class).hasMessage("mailbox Work already exists");
        assertThatThrownBy(() -> boxes().create(a.id(), "Bad//Name", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void aMailboxIdIsFoundByNameAsFindFindsIt() {
        Account a = account("alice@a.test");
        Mailbox lists = boxes().create(a.id(), "Lists/Java", Optional.empty());
        assertThat(boxes().id(a.id(), "inbox")).contains(inbox(a).id());
        assertThat(boxes().id(a.id(), "Lists/Java")).contains(lists.id());
        assertThat(boxes().id(a.id(), "Lists/java")).isEmpty(); // only INBOX ignores case
        assertThat(boxes().id(a.id(), "Nowhere")).isEmpty();
        assertThat(boxes().id(account("bob@a.test").id(), "Lists/Java")).isEmpty();
    }

    @Test
    default void inboxIsMatchedInAnyCase() {
        Account a = account("alice@a.test");
        assertThat(boxes().find(a.id(), "inbox")).map(Mailbox::id).contains(inbox(a).id());
        Mailbox sub = boxes().create(a.id(), "Inbox/Lists", Optional.empty());
        assertThat(sub.name()).isEqualTo("INBOX/Lists");
        assertThatThrownBy(() -> boxes().create(a.id(), "iNbOx", Optional.empty()))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    default void deleteRemovesTheMailboxButNotInboxOrAParent() {
        Account a = account("alice@a.test");
        Mailbox parent = boxes().create(a.id(), "P/C", Optional.empty());
        assertThatThrownBy(() -> boxes().delete(inbox(a).id()))
                .isInstanceOf(ConflictException.class).hasMessage("INBOX cannot be deleted");
        Mailbox p = boxes().find(a.id(), "P").orElseThrow();
        assertThatThrownBy(() -> boxes().delete(p.id())).isInstanceOf(ConflictException.class);
        append(parent, "x");
        boxes().delete(parent.id());
        boxes().delete(p.id());
        assertThat(boxes().find(a.id(), "P")).isEmpty();
        assertThat(boxes().find(parent.id())).isEmpty();
    }

    @Test
    default void aRecreatedMailboxGetsANewUidValidity() {
        Account a = account("alice@a.test");
        Mailbox first = boxes().create(a.id(), "Box", Optional.empty());
        boxes().delete(first.id());
        Mailbox second = boxes().create(a.id(), "Box", Optional.empty());
        // RFC 9051 §2.3.1.1: a new mailbox with the same name gets a different UIDVALIDITY.
        assertThat(second.uidValidity()).isNotEqualTo(first.uidValidity()).isPositive();
    }

    @Test
    default void renameMovesChildrenAndSubscriptions() {
        Account a = account("alice@a.test");
        Mailbox work = boxes().create(a.id(), "Work", Optional.empty());
        boxes().create(a.id(), "Work/Old", Optional.empty());
        boxes().setSubscribed(a.id(), "Work/Old", true);
        Appended m = append(work, "kept");
        boxes().rename(work.id(), "Archive/Work");
        assertThat(boxes().find(a.id(), "Archive/Work")).map(Mailbox::id).contains(work.id());
        assertThat(boxes().find(a.id(), "Archive/Work/Old")).isPresent();
        assertThat(boxes().find(a.id(), "Work")).isEmpty();
        assertThat(boxes().subscriptions(a.id())).contains("Archive/Work/Old").doesNotContain("Work/Old");
        assertThat(reload(work).uidValidity()).isEqualTo(m.uidValidity());
        assertThat(boxes().message(work.id(), m.uid())).isPresent();
        assertThatThrownBy(() -> boxes().rename(work.id(), "Sent")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> boxes().rename(work.id(), "Archive/Work/Old/x")).isInstanceOf(ConflictException.class);
    }

    @Test
    default void renamingInboxMovesItsMessagesAndKeepsInbox() {
        Account a = account("alice@a.test");
        Mailbox inbox = inbox(a);
        append(inbox, "one");
        append(inbox, "two");
        boxes().rename(inbox.id(), "Old Inbox");
        // RFC 9051 §6.3.6: the messages move to the new mailbox; INBOX stays, empty.
        Mailbox old = boxes().find(a.id(), "Old Inbox").orElseThrow();
        assertThat(old.messageCount()).isEqualTo(2);
        assertThat(reload(inbox).messageCount()).isZero();
        assertThat(reload(inbox).name()).isEqualTo("INBOX");
    }

    @Test
    default void subscriptionsMayNameMissingMailboxes() {
        Account a = account("alice@a.test");
        boxes().setSubscribed(a.id(), "Nowhere", true);
        boxes().setSubscribed(a.id(), "Junk", false);
        assertThat(boxes().subscriptions(a.id())).contains("Nowhere", "INBOX").doesNotContain("Junk");
        assertThat(boxes().find(a.id(), "Junk").orElseThrow().subscribed()).isFalse();
    }

    @Test
    default void appendAssignsAscendingUidsAndRaisesModSeq() {
        Account a = account("alice@a.test");
        Mailbox inbox = inbox(a);
        Appended one = append(inbox, "one");
        Appended two = append(inbox, "two");
        assertThat(one.uid()).isEqualTo(1);
        assertThat(two.uid()).isEqualTo(2);
        assertThat(two.modSeq()).isGreaterThan(one.modSeq());
        assertThat(one.uidValidity()).isEqualTo(inbox.uidValidity());
        Mailbox after = reload(inbox);
        assertThat(after.uidNext()).isEqualTo(3);
        assertThat(after.highestModSeq()).isEqualTo(two.modSeq());
        assertThat(after.messageCount()).isEqualTo(2);
        assertThat(after.unseenCount()).isEqualTo(2);
        assertThat(after.totalSize()).isEqualTo(6);
    }

    @Test
    default void aMessageKeepsWhatWasStored() {
        Account a = account("alice@a.test");
        NewMessage m = message("Subject: hi\r\n\r\nbody", Flags.of("\\seen", "$Label"));
        Appended ap = boxes().append(inbox(a).id(), m);
        MessageRecord r = boxes().message(inbox(a).id(), ap.uid()).orElseThrow();
        assertThat(r.blob()).isEqualTo(m.blob());
        assertThat(r.size()).isEqualTo(m.size());
        assertThat(r.internalDate()).isEqualTo(m.internalDate());
        assertThat(r.flags()).isEqualTo(Flags.of("\\Seen", "$Label"));
        assertThat(r.summary()).isEqualTo(m.summary());
        assertThat(r.emailId()).isEqualTo(ap.emailId()).startsWith("M");
        assertThat(r.threadId()).startsWith("T");
        assertThat(reload(inbox(a)).unseenCount()).isZero();
    }

    @Test
    default void theCachedHeaderAndInternalDateZoneAreKeptAndFollowACopy() {
        Account a = account("alice@a.test");
        NewMessage plain = message("Subject: hi\r\n\r\nbody", Flags.NONE);
        byte[] header = "Subject: hi\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        NewMessage m = new NewMessage(plain.blob(), plain.size(), plain.internalDate(), Flags.NONE, plain.summary(), "",
                java.time.ZoneOffset.ofHoursMinutes(5, 30), header);
        Appended cached = boxes().append(inbox(a).id(), m);
        Appended uncached = boxes().append(inbox(a).id(), plain);
        MessageRecord r = boxes().message(inbox(a).id(), cached.uid()).orElseThrow();
        assertThat(r.internalZone()).isEqualTo(java.time.ZoneOffset.ofHoursMinutes(5, 30));
        assertThat(boxes().message(inbox(a).id(), uncached.uid()).orElseThrow().internalZone())
                .isEqualTo(java.time.ZoneOffset.UTC);
        Map<Long, byte[]> headers = boxes().headers(inbox(a).id(), List.of(cached.uid(), uncached.uid(), 99L));
        assertThat(headers).containsOnlyKeys(cached.uid());
        assertThat(headers.get(cached.uid())).isEqualTo(header);

        Mailbox other = boxes().create(a.id(), "Other", Optional.empty());
        long copied = boxes().copy(inbox(a).id(), List.of(cached.uid()), other.id()).get(cached.uid());
        assertThat(boxes().headers(other.id(), List.of(copied)).get(copied)).isEqualTo(header);
        assertThat(boxes().message(other.id(), copied).orElseThrow().internalZone())
                .isEqualTo(java.time.ZoneOffset.ofHoursMinutes(5, 30));
    }

    @Test
    default void indexHoldsUidModSeqAndFlagsOfEveryMessageInUidOrder() {
        Account a = account("alice@a.test");
        Mailbox inbox = inbox(a);
        assertThat(boxes().index(inbox.id()).count()).isZero();
        java.util.List<Appended> added = new java.util.ArrayList<>();
        for (int i = 0; i < 70; i++) { // more than the first array size: the arrays grow
            added.add(boxes().append(inbox.id(), message("m" + i, i % 2 == 0 ? Flags.of("\\Seen", "work") : Flags.NONE)));
        }
        boxes().expunge(inbox.id(), List.of(added.get(3).uid()));
        FlagResult flagged = boxes().changeFlags(inbox.id(), new FlagChange(List.of(added.get(5).uid()),
                FlagChange.Mode.ADD, Flags.of("\\Flagged"), OptionalLong.empty()));
        MailboxIndex index = boxes().index(inbox.id());
        List<MessageRecord> all = boxes().messages(inbox.id());
        assertThat(index.count()).isEqualTo(69).isEqualTo(all.size());
        for (int i = 0; i < all.size(); i++) {
            assertThat(index.uids()[i]).isEqualTo(all.get(i).uid());
            assertThat(index.modSeqs()[i]).isEqualTo(all.get(i).modSeq());
            assertThat(index.flags()[i]).isEqualTo(all.get(i).flags());
        }
        assertThat(index.modSeqs()[4]).isEqualTo(flagged.changed().getFirst().modSeq());
        assertThat(index.flags()[4]).isEqualTo(Flags.of("\\Flagged"));
        // messages with the same flags share one instance
        assertThat(index.flags()[0]).isSameAs(index.flags()[2]);
        assertThat(index).isEqualTo(MailboxIndex.of(all));
    }

    @Test
    default void indexReadAgainReflectsEveryChangeSinceAndIsTheCallersOwn() {
        Account a = account("alice@a.test");
        Mailbox inbox = inbox(a);
        Appended first = boxes().append(inbox.id(), message("m1", Flags.NONE));
        Appended second = boxes().append(inbox.id(), message("m2", Flags.NONE));
        MailboxIndex before = boxes().index(inbox.id());
        before.uids()[0] = 999; // the caller owns its arrays: this must not leak into the next read
        before.flags()[1] = Flags.of("\\Deleted");
        MailboxIndex again = boxes().index(inbox.id());
        assertThat(again.uids()[0]).isEqualTo(first.uid());
        assertThat(again.flags()[1]).isEqualTo(Flags.NONE);

        boxes().changeFlags(inbox.id(), new FlagChange(List.of(first.uid()), FlagChange.Mode.ADD,
                Flags.of("\\Seen"), OptionalLong.empty()));
        assertThat(boxes().index(inbox.id()).flags()[0]).isEqualTo(Flags.of("\\Seen"));
        Appended third = boxes().append(inbox.id(), message("m3", Flags.NONE));
        boxes().expunge(inbox.id(), List.of(second.uid()));
        MailboxIndex after = boxes().index(inbox.id());
        assertThat(after.count()).isEqualTo(2);
        assertThat(java.util.Arrays.copyOf(after.uids(), 2)).containsExactly(first.uid(), third.uid());
        assertThat(after).isEqualTo(MailboxIndex.of(boxes().messages(inbox.id())));

        Mailbox other = boxes().create(a.id(), "Other", Optional.empty());
        boxes().append(other.id(), message("o1", Flags.NONE));
        assertThat(boxes().index(other.id()).count()).isEqualTo(1);
        boxes().delete(other.id());
        assertThat(boxes().index(other.id()).count()).isZero(); // gone: nothing cached is served
    }

    @Test
    default void messagesByUidReturnsThoseThatExistInUidOrder() {
        Account a = account("alice@a.test");
        Mailbox inbox = inbox(a);
        Mailbox other = boxes().create(a.id(), "Other", Optional.empty());
        java.util.List<Long> uids = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) { // more than one IN list of UIDs
            uids.add(append(inbox, "m" + i).uid());
        }
        append(other, "elsewhere");
        boxes().expunge(inbox.id(), List.of(uids.get(1)));
        List<Long> asked = new java.util.ArrayList<>(List.of(uids.get(599), uids.get(0), uids.get(1), 9999L));
        asked.addAll(uids.subList(100, 599));
        List<MessageRecord> found = boxes().messages(inbox.id(), asked);
        assertThat(found).extracting(MessageRecord::uid).startsWith(uids.get(0), uids.get(100)).endsWith(uids.get(599))
                .doesNotContain(uids.get(1), 9999L).hasSize(501).isSorted();
        assertThat(found.getFirst()).usingRecursiveComparison().isEqualTo(boxes().message(inbox.id(), uids.get(0)).orElseThrow());
        assertThat(boxes().messages(other.id(), List.of(uids.get(0)))).extracting(MessageRecord::uid)
                .containsExactly(uids.get(0)); // UIDs are per mailbox: UID 1 of Other is its own message
        assertThat(boxes().messages(inbox.id(), List.of())).isEmpty();
    }

    @Test
    default void uidsAreNeverReusedAfterExpunge() {
        Account a = account("alice@a.test");
        Mailbox inbox = inbox(a);
        Appended one = append(inbox, "one");
        Appended two = append(inbox, "two");
        assertThat(boxes().expunge(inbox.id(), List.of(one.uid(), two.uid(), 99L))).containsExactly(1L, 2L);
        Appended three = append(inbox, "three");
        assertThat(three.uid()).isEqualTo(3);
        assertThat(boxes().messages(inbox.id())).extracting(MessageRecord::uid).containsExactly(3L);
    }

    @Test
    default void flagsAreAddedRemovedAndReplacedWithANewModSeq() {
        Account a = account("alice@a.test");
        Mailbox inbox = inbox(a);
        Appended m = append(inbox, "x");
        FlagResult add = boxes().changeFlags(inbox.id(),
                new FlagChange(List.of(m.uid()), FlagChange.Mode.ADD, Flags.of("\\Seen", "work"), OptionalLong.empty()));
        assertThat(add.changed()).singleElement().satisfies(r -> {
            assertThat(r.flags()).isEqualTo(Flags.of("\\Seen", "work"));
            assertThat(r.modSeq()).isGreaterThan(m.modSeq());
        });
        boxes().changeFlags(inbox.id(),
                new FlagChange(List.of(m.uid()), FlagChange.Mode.REMOVE, Flags.of("work"), OptionalLong.empty()));
        assertThat(boxes().message(inbox.id(), m.uid()).orElseThrow().flags()).isEqualTo(Flags.of("\\Seen"));
        FlagResult replace = boxes().changeFlags(inbox.id(),
                new FlagChange(List.of(m.uid()), FlagChange.Mode.REPLACE, Flags.of("\\Flagged"), OptionalLong.empty()));
        assertThat(replace.changed().getFirst().flags()).isEqualTo(Flags.of("\\Flagged"));
        assertThat(reload(inbox).highestModSeq()).isEqualTo(replace.changed().getFirst().modSeq());
        assertThat(reload(inbox).unseenCount()).isEqualTo(1);
        FlagResult same = boxes().changeFlags(inbox.id(),
                new FlagChange(List.of(m.uid()), FlagChange.Mode.ADD, Flags.of("\\Flagged"), OptionalLong.empty()));
        assertThat(same.changed()).isEmpty();
    }

    @Test
    default void unchangedSinceRefusesMessagesModifiedLater() {
        Account a = account("alice@a.test");
        Mailbox inbox = inbox(a);
        Appended one = append(inbox, "one");
        Appended two = append(inbox, "two");
        // RFC 7162 §3.1.3: messages with a MODSEQ above UNCHANGEDSINCE are not changed.
        FlagResult r = boxes().changeFlags(inbox.id(), new FlagChange(List.of(one.uid(), two.uid()),
                FlagChange.Mode.ADD, Flags.of("\\Seen"), OptionalLong.of(one.modSeq())));
        assertThat(r.changed()).extracting(MessageRecord::uid).containsExactly(one.uid());
        assertThat(r.failedUnchangedSince()).containsExactly(two.uid());
    }

    @Test
    default void changedSinceAndExpungedSinceReportTheChangeLog() {
        Account a = account("alice@a.test");
        Mailbox inbox = inbox(a);
        Appended one = append(inbox, "one");
        Appended two = append(inbox, "two");
        Appended three = append(inbox, "three");
        long mark = reload(inbox).highestModSeq();
        boxes().changeFlags(inbox.id(),
                new FlagChange(List.of(one.uid()), FlagChange.Mode.ADD, Flags.of("\\Seen"), OptionalLong.empty()));
        boxes().expunge(inbox.id(), List.of(two.uid()));
        assertThat(boxes().changedSince(inbox.id(), mark)).extracting(MessageRecord::uid).containsExactly(one.uid());
        assertThat(boxes().expungedSince(inbox.id(), mark)).containsExactly(two.uid());
        assertThat(boxes().expungedSince(inbox.id(), reload(inbox).highestModSeq())).isEmpty();
        assertThat(boxes().changedSince(inbox.id(), 0)).extracting(MessageRecord::uid)
                .containsExactly(one.uid(), three.uid());
    }

    @Test
    default void copyKeepsEmailIdAndGivesNewUids() {
        Account a = account("alice@a.test");
        Mailbox inbox = inbox(a);
        Mailbox archive = boxes().find(a.id(), "Archive").orElseThrow();
        Appended one = append(inbox, "one");
        Appended two = append(inbox, "two");
        append(archive, "already there");
        Map<Long, Long> map = boxes().copy(inbox.id(), List.of(two.uid(), one.uid(), 42L), archive.id());
        assertThat(map).containsExactly(Map.entry(1L, 2L), Map.entry(2L, 3L));
        MessageRecord copied = boxes().message(archive.id(), 2).orElseThrow();
        assertThat(copied.emailId()).isEqualTo(one.emailId());
        assertThat(reload(inbox).messageCount()).isEqualTo(2);
    }

    @Test
    default void moveRemovesFromTheSourceAndLogsTheExpunge() {
        Account a = account("alice@a.test");
        Mailbox inbox = inbox(a);
        Mailbox trash = boxes().find(a.id(), "Trash").orElseThrow();
        Appended one = append(inbox, "one");
        long mark = reload(inbox).highestModSeq();
        assertThat(boxes().move(inbox.id(), List.of(one.uid()), trash.id())).containsExactly(Map.entry(1L, 1L));
        assertThat(reload(inbox).messageCount()).isZero();
        assertThat(boxes().messages(trash.id())).singleElement()
                .satisfies(r -> assertThat(r.emailId()).isEqualTo(one.emailId()));
        assertThat(boxes().expungedSince(inbox.id(), mark)).containsExactly(one.uid());
    }

    @Test
    default void messagesWithTheSameThreadKeyShareAThread() {
        Account a = account("alice@a.test");
        Mailbox inbox = inbox(a);
        Appended one = boxes().append(inbox.id(), message("one", Flags.NONE, "topic"));
        Appended two = boxes().append(inbox.id(), message("two", Flags.NONE, "topic"));
        Appended three = boxes().append(inbox.id(), message("three", Flags.NONE, "other"));
        String t1 = boxes().message(inbox.id(), one.uid()).orElseThrow().threadId();
        assertThat(boxes().message(inbox.id(), two.uid()).orElseThrow().threadId()).isEqualTo(t1);
        assertThat(boxes().message(inbox.id(), three.uid()).orElseThrow().threadId()).isNotEqualTo(t1);
        assertThat(one.emailId()).isNotEqualTo(two.emailId());
    }

    @Test
    default void appendAllIsAllOrNothing() {
        Account a = account("alice@a.test");
        Account b = account("bob@a.test");
        NewMessage m = message("shared", Flags.NONE);
        List<Appended> done = boxes().appendAll(List.of(Map.entry(inbox(a).id(), m), Map.entry(inbox(b).id(), m)));
        assertThat(done).extracting(Appended::mailboxId).containsExactly(inbox(a).id(), inbox(b).id());
        assertThatThrownBy(() -> boxes().appendAll(List.of(Map.entry(inbox(a).id(), m), Map.entry(-5L, m))))
                .isInstanceOf(ConflictException.class);
        assertThat(reload(inbox(a)).messageCount()).isEqualTo(1);
        assertThat(reload(inbox(a)).uidNext()).isEqualTo(2);
    }

    @Test
    default void anAppendOverTheQuotaIsRefused() {
        Account a = account("alice@a.test");
        store().directory().setQuota(a.address(), 10);
        append(inbox(a), "12345678");
        assertThatThrownBy(() -> append(inbox(a), "123"))
                .isInstanceOf(QuotaExceededException.class).hasMessageContaining("quota of 10 bytes");
        assertThat(reload(inbox(a)).messageCount()).isEqualTo(1);
        Mailbox trash = boxes().find(a.id(), "Trash").orElseThrow();
        assertThat(boxes().move(inbox(a).id(), List.of(1L), trash.id())).hasSize(1);
    }

    @Test
    default void acknowledgedAppendsSurviveACrash() {
        Account a = account("alice@a.test");
        long inboxId = inbox(a).id();
        List<Appended> acknowledged = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            acknowledged.add(append(inbox(a), "message " + i));
        }
        Store reopened = reopen();
        List<MessageRecord> stored = reopened.mailboxes().messages(inboxId);
        assertThat(stored).extracting(MessageRecord::uid)
                .containsExactlyElementsOf(acknowledged.stream().map(Appended::uid).toList());
        for (MessageRecord r : stored) {
            assertThat(new String(readBlob(reopened, r.blob()), StandardCharsets.UTF_8)).startsWith("message ");
        }
    }

    @Test
    default void appendsAcknowledgedWhileTheStoreIsDroppedSurvive() throws Exception {
        Account a = account("alice@a.test");
        long inboxId = inbox(a).id();
        java.util.Set<Long> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.CountDownLatch enough = new java.util.concurrent.CountDownLatch(30);
        Store before = store();
        List<Thread> writers = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int writer = t;
            writers.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; ; i++) {
                        byte[] bytes = ("writer " + writer + " message " + i).getBytes(StandardCharsets.UTF_8);
                        BlobId blob = before.blobs().put(bytes);
                        Appended ap = before.mailboxes().append(inboxId, new NewMessage(blob, bytes.length,
                                java.time.Instant.EPOCH, Flags.NONE, new byte[0], ""));
                        acknowledged.add(ap.uid());
                        enough.countDown();
                    }
                } catch (RuntimeException | java.io.IOException e) {
                    // the store went away under the writer: that append was not acknowledged
                }
            }));
        }
        enough.await();
        Store reopened = reopen(); // drops the store while the writers are still appending
        for (Thread w : writers) {
            w.join();
        }
        java.util.Set<Long> stored = new java.util.HashSet<>();
        for (MessageRecord r : reopened.mailboxes().messages(inboxId)) {
            stored.add(r.uid());
            assertThat(readBlob(reopened, r.blob())).isNotEmpty();
        }
        assertThat(stored).containsAll(acknowledged);
    }

    private static byte[] readBlob(Store s, BlobId id) {
        try {
            return s.blobs().read(id);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    default void concurrentAppendsGetDistinctUids() throws Exception {
        Account a = account("alice@a.test");
        long inboxId = inbox(a).id();
        NewMessage m = message("same bytes", Flags.NONE);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Appended>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(pool.submit(() -> boxes().append(inboxId, m)));
            }
            java.util.Set<Long> uids = new java.util.TreeSet<>();
            for (var f : futures) {
                uids.add(f.get().uid());
            }
            assertThat(uids).hasSize(40).first().isEqualTo(1L);
        }
        assertThat(boxes().find(inboxId).orElseThrow().uidNext()).isEqualTo(41);
    }
}
