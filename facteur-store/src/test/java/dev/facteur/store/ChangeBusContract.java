package dev.facteur.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Change events reach subscribers of the account after commit, for every backend. */
public interface ChangeBusContract extends StoreContract {

    /** Generous bound for a CI machine; events normally arrive in milliseconds. */
    long WAIT_SECONDS = 10;

    static ChangeEvent next(BlockingQueue<ChangeEvent> events) throws InterruptedException {
        ChangeEvent e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(e).as("a change event within %d s", WAIT_SECONDS).isNotNull();
        return e;
    }

    /** The next event about messages, skipping mailbox-list events (account creation raises some). */
    static ChangeEvent nextMessageEvent(BlockingQueue<ChangeEvent> events) throws InterruptedException {
        while (true) {
            ChangeEvent e = next(events);
            if (!(e instanceof ChangeEvent.MailboxesChanged)) {
                return e;
            }
        }
    }

    @Test
    default void aSubscriberHearsOfNewMessagesFlagsAndExpunges() throws Exception {
        Account a = account("alice@a.test");
        Mailbox inbox = inbox(a);
        BlockingQueue<ChangeEvent> events = new LinkedBlockingQueue<>();
        try (ChangeBus.Subscription s = store().changes().subscribe(a.id(), events::add)) {
            Appended m = append(inbox, "hello");
            assertThat(nextMessageEvent(events)).isEqualTo(new ChangeEvent.MessageAdded(a.id(), inbox.id(), m.uid(), m.modSeq()));
            FlagResult f = store().mailboxes().changeFlags(inbox.id(),
                    new FlagChange(List.of(m.uid()), FlagChange.Mode.ADD, Flags.of("\\Seen"), OptionalLong.empty()));
            assertThat(nextMessageEvent(events)).isEqualTo(
                    new ChangeEvent.FlagsChanged(a.id(), inbox.id(), m.uid(), f.changed().getFirst().modSeq()));
            store().mailboxes().expunge(inbox.id(), List.of(m.uid()));
            ChangeEvent x = nextMessageEvent(events);
            assertThat(x).isInstanceOf(ChangeEvent.Expunged.class);
            assertThat(((ChangeEvent.Expunged) x).uid()).isEqualTo(m.uid());
        }
    }

    @Test
    default void aSubscriberHearsOnlyItsAccountAndNothingAfterClosing() throws Exception {
        Account a = account("alice@a.test");
        Account b = account("bob@a.test");
        BlockingQueue<ChangeEvent> heardByA = new LinkedBlockingQueue<>();
        ChangeBus.Subscription s = store().changes().subscribe(a.id(), heardByA::add);
        append(inbox(b), "for bob");
        append(inbox(a), "for alice");
        // Events are delivered in commit order: bob's would come first if it leaked.
        assertThat(nextMessageEvent(heardByA).mailboxId()).isEqualTo(inbox(a).id());
        s.close();
        append(inbox(a), "after close");
        BlockingQueue<ChangeEvent> heardByB = new LinkedBlockingQueue<>();
        try (ChangeBus.Subscription sb = store().changes().subscribe(b.id(), heardByB::add)) {
            append(inbox(b), "marker");
            assertThat(nextMessageEvent(heardByB).mailboxId()).isEqualTo(inbox(b).id());
        }
        assertThat(heardByA).noneMatch(e -> e instanceof ChangeEvent.MessageAdded);
    }

    @Test
    default void mailboxChangesAreAnnounced() throws Exception {
        Account a = account("alice@a.test");
        BlockingQueue<ChangeEvent> events = new LinkedBlockingQueue<>();
        try (ChangeBus.Subscription s = store().changes().subscribe(a.id(), events::add)) {
            Mailbox m = store().mailboxes().create(a.id(), "New", java.util.Optional.empty());
            ChangeEvent e = next(events);
            while (e.mailboxId() != m.id()) {
                e = next(events); // events of the account's creation may still be on their way
            }
            assertThat(e).isEqualTo(new ChangeEvent.MailboxesChanged(a.id(), m.id(), 1));
        }
    }
}
