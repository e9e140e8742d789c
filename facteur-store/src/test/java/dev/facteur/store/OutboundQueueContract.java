package dev.facteur.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The outbound queue: leases, per-recipient state, hold and retry, for every backend. */
public interface OutboundQueueContract extends StoreContract {

    private OutboundQueue queue() {
        return store().queue();
    }

    private QueuedMessage enqueue(String... recipients) {
        List<OutboundRecipient> rcpts = java.util.Arrays.stream(recipients)
                .map(r -> new OutboundRecipient(r, Optional.of("FAILURE"), Optional.empty())).toList();
        NewMessage bytes = message("queued", Flags.NONE);
        return queue().enqueue(new OutboundMessage(Optional.of("alice@a.test"), rcpts, bytes.blob(), bytes.size(),
                Optional.of("HDRS"), Optional.empty(), false, true, false, clock().instant()));
    }

    @Test
    default void anEnqueuedMessageIsStoredWithItsEnvelope() {
        QueuedMessage q = enqueue("x@far.test", "y@far.test");
        QueuedMessage found = queue().find(q.id()).orElseThrow();
        assertThat(found.message().sender()).contains("alice@a.test");
        assertThat(found.message().ret()).contains("HDRS");
        assertThat(found.message().envId()).isEmpty();
        assertThat(found.message().eightBit()).isTrue();
        assertThat(found.recipients()).extracting(r -> r.recipient().address()).containsExactly("x@far.test", "y@far.test");
        assertThat(found.recipients()).allMatch(r -> r.status() == RecipientState.Status.PENDING);
        assertThat(found.recipients().getFirst().recipient().notifyOn()).contains("FAILURE");
        assertThat(found.attempts()).isZero();
        assertThat(queue().size()).isEqualTo(1);
    }

    @Test
    default void aClaimedMessageIsNotClaimedAgainUntilItsLeaseEnds() {
        QueuedMessage q = enqueue("x@far.test");
        Instant now = clock().instant();
        assertThat(queue().claim("w1", now, 10, 60)).extracting(QueuedMessage::id).containsExactly(q.id());
        assertThat(queue().claim("w2", now.plusSeconds(30), 10, 60)).isEmpty();
        // The first worker crashed: after the lease, another worker gets it.
        assertThat(queue().claim("w2", now.plusSeconds(61), 10, 60)).extracting(QueuedMessage::id).containsExactly(q.id());
    }

    @Test
    default void recordingOutcomesKeepsPendingRecipientsForLater() {
        QueuedMessage q = enqueue("x@far.test", "y@far.test");
        Instant now = clock().instant();
        queue().claim("w", now, 1, 60);
        Instant later = now.plus(Duration.ofMinutes(15));
        queue().record(q.id(), List.of(
                new RecipientOutcome("x@far.test", RecipientState.Status.DELIVERED, "250 ok"),
                new RecipientOutcome("y@far.test", RecipientState.Status.PENDING, "451 try later")), Optional.of(later));
        QueuedMessage after = queue().find(q.id()).orElseThrow();
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(after.nextAttempt()).isEqualTo(later);
        assertThat(after.lastError()).isEqualTo("451 try later");
        assertThat(after.recipients()).extracting(RecipientState::status)
                .containsExactly(RecipientState.Status.DELIVERED, RecipientState.Status.PENDING);
        assertThat(queue().claim("w", now.plusSeconds(1), 10, 60)).isEmpty(); // not due yet, lease released
        assertThat(queue().claim("w", later, 10, 60)).hasSize(1);
    }

    @Test
    default void aMessageWithNoPendingRecipientLeavesTheQueue() {
        QueuedMessage q = enqueue("x@far.test", "y@far.test");
        queue().record(q.id(), List.of(
                new RecipientOutcome("x@far.test", RecipientState.Status.DELIVERED, "250 ok"),
                new RecipientOutcome("y@far.test", RecipientState.Status.FAILED, "550 no")), Optional.empty());
        assertThat(queue().find(q.id())).isEmpty();
        assertThat(queue().size()).isZero();
    }

    @Test
    default void heldMessagesAreNotClaimedUntilReleased() {
        QueuedMessage q = enqueue("x@far.test");
        queue().hold(q.id(), true);
        assertThat(queue().find(q.id()).orElseThrow().held()).isTrue();
        assertThat(queue().claim("w", clock().instant(), 10, 60)).isEmpty();
        queue().hold(q.id(), false);
        assertThat(queue().claim("w", clock().instant(), 10, 60)).hasSize(1);
    }

    @Test
    default void retryNowMakesAMessageDueAndDeleteRemovesIt() {
        QueuedMessage q = enqueue("x@far.test");
        queue().record(q.id(), List.of(new RecipientOutcome("x@far.test", RecipientState.Status.PENDING, "421")),
                Optional.of(clock().instant().plus(Duration.ofHours(1))));
        queue().hold(q.id(), true);
        queue().retryNow(q.id());
        QueuedMessage due = queue().find(q.id()).orElseThrow();
        assertThat(due.held()).isFalse();
        assertThat(queue().claim("w", clock().instant(), 10, 60)).hasSize(1);
        queue().delete(q.id());
        assertThat(queue().find(q.id())).isEmpty();
        assertThatThrownBy(() -> queue().delete(q.id())).isInstanceOf(ConflictException.class);
    }

    @Test
    default void claimsTakeTheEarliestDueFirstUpToTheLimit() {
        QueuedMessage first = enqueue("a@far.test");
        QueuedMessage second = enqueue("b@far.test");
        enqueue("c@far.test");
        assertThat(queue().claim("w", clock().instant(), 2, 60)).extracting(QueuedMessage::id)
                .containsExactly(first.id(), second.id());
        assertThat(queue().list(10)).hasSize(3);
    }
}
