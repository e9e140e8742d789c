package dev.facteur.toolkit.web;

import dev.facteur.toolkit.verify.AddressVerifier;
import dev.facteur.toolkit.verify.VerificationResult;
import dev.facteur.toolkit.verify.Verdict;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bulk verification jobs for the HTTP API: submitted, run on a virtual thread, polled for progress.
 * Bounded: at most {@code maxJobs} kept (the oldest finished ones are dropped first), at most
 * {@code maxAddresses} per job.
 */
public final class VerifyJobs {

    /** A job's state as the API returns it; {@code results} and {@code summary} are filled when done. */
    public record Status(String id, String status, int done, int total, Instant submitted, Map<String, Integer> summary,
            double coverage, List<VerificationResult> results) {
    }

    private final AddressVerifier verifier;
    private final InstantSource clock;
    private final int maxJobs;
    private final int maxAddresses;
    private final Map<String, Job> jobs = Collections.synchronizedMap(new LinkedHashMap<>());

    private static final class Job {
        final String id = UUID.randomUUID().toString();
        final Instant submitted;
        final int total;
        final AtomicInteger done = new AtomicInteger();
        volatile List<VerificationResult> results;
        volatile boolean failed;
        final java.util.concurrent.CompletableFuture<Void> finished = new java.util.concurrent.CompletableFuture<>();

        Job(Instant submitted, int total) {
            this.submitted = submitted;
            this.total = total;
        }
    }

    public VerifyJobs(AddressVerifier verifier, InstantSource clock, int maxJobs, int maxAddresses) {
        this.verifier = verifier;
        this.clock = clock;
        this.maxJobs = maxJobs;
        this.maxAddresses = maxAddresses;
    }

    /** Starts a job; refuses an empty list, one over the limit, or when all job slots hold running jobs. */
    public Status submit(List<String> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no addresses given");
        }
        if (addresses.size() > maxAddresses) {
            throw new IllegalArgumentException("at most " + maxAddresses + " addresses per job; use facteur verify file for more");
        }
        Job job = new Job(clock.instant(), addresses.size());
        synchronized (jobs) {
            if (jobs.size() >= maxJobs) {
                Optional<String> oldestDone = jobs.values().stream().filter(j -> j.results != null || j.failed).map(j -> j.id).findFirst();
                if (oldestDone.isEmpty()) {
                    throw new IllegalStateException("too many jobs running; try again later");
                }
                jobs.remove(oldestDone.get());
            }
            jobs.put(job.id, job);
        }
        List<String> copy = List.copyOf(addresses);
        Thread.ofVirtual().name("verify-job-" + job.id).start(() -> {
            try {
                job.results = verifier.verifyAll(copy, (i, r) -> job.done.incrementAndGet());
            } catch (RuntimeException e) {
                job.failed = true;
            } finally {
                job.finished.complete(null);
            }
        });
        return status(job);
    }

    public Optional<Status> status(String id) {
        Job j = jobs.get(id);
        return j == null ? Optional.empty() : Optional.of(status(j));
    }

    /** Waits at most {@code timeout} for the job to finish (for long polling and tests), then returns its status. */
    public Optional<Status> await(String id, java.time.Duration timeout) throws InterruptedException {
        Job j = jobs.get(id);
        if (j == null) {
            return Optional.empty();
        }
        try {
            j.finished.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // still running, or failed: the status says which
        }
        return Optional.of(status(j));
    }

    private static Status status(Job j) {
        List<VerificationResult> results = j.results;
        if (results == null) {
            return new Status(j.id, j.failed ? "failed" : "running", j.done.get(), j.total, j.submitted, Map.of(), 0, List.of());
        }
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        results.forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
        Map<String, Integer> summary = new HashMap<>();
        counts.forEach((v, n) -> summary.put(v.name().toLowerCase(Locale.ROOT), n));
        double coverage = (double) (results.size() - counts.get(Verdict.UNKNOWN)) / results.size();
        return new Status(j.id, "done", results.size(), j.total, j.submitted, summary, coverage, new ArrayList<>(results));
    }
}
