package dev.facteur.core.net;

/**
 * What kind of thread serves each connection of a listener.
 *
 * <p>{@link #VIRTUAL} is the default and the architecture's model: one virtual thread per
 * connection, cheap enough for tens of thousands of mostly idle connections (IMAP IDLE).
 * {@link #PLATFORM} gives each connection its own OS thread: a blocking read then waits in the
 * kernel and wakes exactly one thread, without the virtual-thread scheduler's poller, carrier
 * wake-up and read-timeout timer per read. It costs an OS thread (stack, scheduler entry) per
 * connection, so it suits listeners with few, busy connections (POP3 bulk downloads; see
 * bench/pop3 for the measured difference) and is a per-listener opt-in.
 */
public enum ConnectionThreads {
    VIRTUAL,
    PLATFORM;

    /** An unstarted thread of this kind named {@code name}, running {@code task}. */
    Thread newThread(String name, Runnable task) {
        return switch (this) {
            case VIRTUAL -> Thread.ofVirtual().name(name).unstarted(task);
            case PLATFORM -> Thread.ofPlatform().name(name).daemon(true).unstarted(task);
        };
    }
}
