package dev.facteur.core.net;

import java.io.IOException;

/**
 * What a protocol implements to serve connections from a {@link TcpListener}. Both methods run
 * on the connection's own thread (virtual by default, see {@link ConnectionThreads}); the listener closes the connection when they return.
 */
public interface ConnectionHandler {

    /** Runs the whole protocol session (greeting to close). */
    void handle(Connection connection) throws IOException;

    /**
     * Writes the protocol's "busy, try later" reply (SMTP 421, IMAP BYE, POP3 -ERR) for a
     * connection the listener will not serve; the listener closes it afterwards.
     */
    void refuse(Connection connection, Refusal reason) throws IOException;

    /**
     * The size of each connection's read and write buffers. A protocol that keeps many
     * mostly idle connections (IMAP IDLE) asks for less to bound memory per connection.
     */
    default int bufferSize() {
        return Connection.DEFAULT_BUFFER;
    }
}
