package dev.facteur.toolkit.verify;

import dev.facteur.core.mail.EmailAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The state of one address during a verification run; confined to the thread verifying its domain. */
final class Target {
    final int index;
    final String input;
    final EmailAddress address;
    final List<Evidence> evidence = new ArrayList<>();
    private Reason decision;
    private Reason failure = Reason.CONNECTION_FAILED;
    private Duration retryDelay = Duration.ZERO;
    private boolean temporary;
    boolean catchAll;

    Target(int index, String input, EmailAddress address) {
        this.index = index;
        this.input = input;
        this.address = address;
    }

    boolean decided() {
        return decision != null;
    }

    Reason decision() {
        return decision;
    }

    void decide(Reason reason) {
        decision = reason;
        temporary = false;
    }

    /** Records a failure that may be overcome by another host or a later try; keeps the most telling one. */
    void fail(Reason reason) {
        if (rank(reason) >= rank(failure)) {
            failure = reason;
        }
    }

    void temporary(Duration delay) {
        temporary = true;
        fail(Reason.TEMPORARY_FAILURE);
        retryDelay = delay.compareTo(retryDelay) > 0 ? delay : retryDelay;
    }

    boolean isTemporary() {
        return temporary;
    }

    void clearTemporary() {
        temporary = false;
    }

    Duration retryDelay() {
        return retryDelay;
    }

    Reason failure() {
        return failure;
    }

    private static int rank(Reason r) {
        return switch (r) {
            case CONNECTION_FAILED -> 0;
            case TIMEOUT -> 1;
            case PROTOCOL_ERROR -> 2;
            case TEMPORARY_FAILURE -> 3;
            case CALLOUT_REFUSED -> 4;
            default -> 5;
        };
    }
}
