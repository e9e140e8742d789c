package dev.facteur.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.core.config.ReportsConfig;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.Leases;
import dev.facteur.store.Store;
import dev.facteur.store.StoreSettings;
import dev.facteur.store.Stores;
import dev.facteur.store.TestClock;
import dev.facteur.store.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several nodes on one store: each day's reports are sent by exactly one of them. */
class ReportSchedulerNodesTest {
    private static final Instant DAY = ReportSchedulerTest.DAY;

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(DAY.plus(Duration.ofHours(24)).plusSeconds(300));
    private final InMemoryDnsResolver dns = new InMemoryDnsResolver()
            .txt("_dmarc.sender.test", "v=DMARC1; p=reject; rua=mailto:dmarc@sender.test");

    @Test
    void twoNodesOnOneSqliteFileRunningTogetherSendEachDayOnce() throws Exception {
        try (Store a = TestStores.sqlite(dir, clock); Store b = TestStores.sqlite(dir, clock)) {
            eachDayIsSentByExactlyOneNode(a, b);
        }
    }

    @Test
    void twoNodesOnOnePostgresDatabaseRunningTogetherSendEachDayOnce() throws Exception {
        StoreSettings settings = TestStores.postgresSettings(dir);
        try (Store a = Stores.open(settings, clock); Store b = Stores.open(settings, clock)) {
            eachDayIsSentByExactlyOneNode(a, b);
        }
    }

    @Test
    void aNodeLeavesTheDayToTheHolderOfTheLeaseUntilItExpires() throws Exception {
        try (Store a = TestStores.sqlite(dir, clock); Store b = TestStores.sqlite(dir, clock)) {
            a.reports().recordDmarc(ReportSchedulerTest.evaluation(DAY.plusSeconds(60), "sender.test", "192.0.2.1", true));
            // Another node has claimed the day and not finished (nor crashed long enough for its lease to lapse).
            assertThat(a.leases().tryAcquire(new Leases.Held(ReportScheduler.DAILY_LEASE, "other-node"),
                    ReportScheduler.DAILY_LEASE_TTL)).isTrue();

            assertThat(scheduler(b).runDue().reportedDay()).isEmpty();
            assertThat(b.queue().size()).isZero();

            clock.advance(ReportScheduler.DAILY_LEASE_TTL.plusSeconds(1));
            assertThat(scheduler(b).runDue().reportedDay()).as("the lease of a crashed node lapses").contains(DAY);
            assertThat(b.queue().size()).isEqualTo(1);
            assertThat(b.leases().holder(ReportScheduler.DAILY_LEASE)).as("released after the claim").isEmpty();
        }
    }

    private void eachDayIsSentByExactlyOneNode(Store a, Store b) throws Exception {
        ReportScheduler nodeA = scheduler(a);
        ReportScheduler nodeB = scheduler(b);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int day = 0; day < 8; day++) {
                Instant start = DAY.plus(Duration.ofDays(day));
                a.reports().recordDmarc(ReportSchedulerTest.evaluation(start.plusSeconds(60), "sender.test", "192.0.2.1", true));
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<ReportScheduler.Run>> runs = new ArrayList<>();
                for (ReportScheduler node : List.of(nodeA, nodeB)) {
                    runs.add(threads.submit(() -> {
                        together.await();
                        return node.runDue();
                    }));
                }
                List<Instant> reported = new ArrayList<>();
                for (Future<ReportScheduler.Run> run : runs) {
                    run.get().reportedDay().ifPresent(reported::add);
                }
                assertThat(reported).as("day %d", day).containsExactly(start);
                assertThat(b.queue().size()).as("reports queued after day %d", day).isEqualTo(day + 1);
                clock.advance(Duration.ofDays(1));
            }
        }
    }

    private ReportScheduler scheduler(Store store) {
        ReportsConfig config = new ReportsConfig(true, Optional.of(EmailAddress.parse("reports@local.test")), "Local Mail",
                false, Optional.empty(), Duration.ofDays(30));
        return new ReportScheduler(store, dns, config, (uri, body) -> true, clock);
    }
}
