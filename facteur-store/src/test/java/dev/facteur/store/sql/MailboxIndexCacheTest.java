package dev.facteur.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.store.Flags;
import dev.facteur.store.MailboxIndex;
import org.junit.jupiter.api.Test;

class MailboxIndexCacheTest {

    private static MailboxIndex index(int count) {
        long[] uids = new long[count];
        long[] modSeqs = new long[count];
        Flags[] flags = new Flags[count];
        for (int i = 0; i < count; i++) {
            uids[i] = i + 1;
            modSeqs[i] = i + 1;
            flags[i] = Flags.NONE;
        }
        return new MailboxIndex(uids, modSeqs, flags, count);
    }

    private static final MailboxIndexCache.Version V1 = new MailboxIndexCache.Version(7, 11, 20);

    @Test
    void anIndexIsServedOnlyAtTheVersionItWasReadAt() {
        MailboxIndexCache cache = new MailboxIndexCache(100);
        cache.put(1, V1, index(10));
        assertThat(cache.get(1, V1)).contains(index(10));
        assertThat(cache.get(1, new MailboxIndexCache.Version(7, 11, 21))).isEmpty(); // HIGHESTMODSEQ moved
        assertThat(cache.get(1, new MailboxIndexCache.Version(7, 12, 20))).isEmpty(); // UIDNEXT moved
        assertThat(cache.get(1, new MailboxIndexCache.Version(8, 11, 20))).isEmpty(); // a new mailbox, same id
        assertThat(cache.get(2, V1)).isEmpty();
    }

    @Test
    void theLeastRecentlyUsedGoFirstWhenTheMessageBoundIsPassed() {
        MailboxIndexCache cache = new MailboxIndexCache(100);
        cache.put(1, V1, index(40));
        cache.put(2, V1, index(40));
        cache.get(1, V1); // 2 is now the least recently used
        cache.put(3, V1, index(40));
        assertThat(cache.get(2, V1)).isEmpty();
        assertThat(cache.get(1, V1)).isPresent();
        assertThat(cache.get(3, V1)).isPresent();
        assertThat(cache.heldMessages()).isEqualTo(80);
    }

    @Test
    void anIndexLargerThanTheBoundIsNotKeptAndDropsAnOlderEntry() {
        MailboxIndexCache cache = new MailboxIndexCache(100);
        cache.put(1, V1, index(10));
        cache.put(1, new MailboxIndexCache.Version(7, 11, 30), index(101));
        assertThat(cache.get(1, V1)).isEmpty();
        assertThat(cache.heldMessages()).isZero();
    }

    @Test
    void replacingAnEntryCountsOnlyTheNewOne() {
        MailboxIndexCache cache = new MailboxIndexCache(100);
        cache.put(1, V1, index(30));
        cache.put(1, new MailboxIndexCache.Version(7, 12, 21), index(31));
        assertThat(cache.heldMessages()).isEqualTo(31);
        cache.invalidate(1);
        assertThat(cache.heldMessages()).isZero();
    }
}
