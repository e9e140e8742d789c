package dev.facteur.toolkit.verify;

import java.time.Duration;

/** Waits before a retry; injected so that tests do not sleep. */
@FunctionalInterface
public interface Pause {

    void pause(Duration delay) throws InterruptedException;

    /** Really waits (the thread sleeps; on a virtual thread this costs no carrier). */
    static Pause real() {
        return d -> Thread.sleep(d);
    }
}
