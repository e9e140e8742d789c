package dev.facteur.core.net;

/**
 * What a {@link TcpListener} reports about its connections, for metrics. Called on the
 * connection's virtual thread; implementations are thread-safe and never block.
 */
public interface ConnectionObserver {
    /** Reports nothing. */
    ConnectionObserver NONE = new ConnectionObserver() {
        @Override
        public void accepted(String listener) {
        }

        @Override
        public void refused(String listener, Refusal reason) {
        }

        @Override
        public void closed(String listener) {
        }
    };

    /** A connection was admitted and its protocol session starts; {@link #closed} follows. */
    void accepted(String listener);

    /** A connection was turned away before its session (the listener closes it). */
    void refused(String listener, Refusal reason);

    /** An admitted connection ended. */
    void closed(String listener);
}
