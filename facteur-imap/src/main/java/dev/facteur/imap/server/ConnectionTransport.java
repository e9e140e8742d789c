package dev.facteur.imap.server;

import dev.facteur.core.net.Connection;
import dev.facteur.core.net.Line;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;

/** {@link ImapTransport} over a {@code dev.facteur.core.net.Connection}. */
final class ConnectionTransport implements ImapTransport {

    private final Connection connection;

    ConnectionTransport(Connection connection) {
        this.connection = connection;
    }

    @Override
    public String id() {
        return connection.id();
    }

    @Override
    public InetSocketAddress remote() {
        return connection.remote();
    }

    @Override
    public RawLine readLine(int maxOctets) throws IOException {
        Line line = connection.in().readLine(maxOctets);
        // Deviation: a bare LF ends a line too (RFC 9051 asks CRLF); some scripts send LF only
        return new RawLine(line.content(), line.tooLong());
    }

    @Override
    public void copy(long count, OutputStream sink) throws IOException {
        connection.in().copy(count, sink);
    }

    @Override
    public void acknowledgeNow() {
        connection.acknowledgeNow();
    }

    @Override
    public OutputStream out() {
        return connection.out();
    }

    @Override
    public void flush() throws IOException {
        connection.flush();
    }

    @Override
    public void setReadTimeout(Duration timeout) throws IOException {
        connection.setReadTimeout(timeout);
    }

    @Override
    public boolean isTls() {
        return connection.isTls();
    }

    @Override
    public boolean canStartTls() {
        return connection.canStartTls();
    }

    @Override
    public void startTls() throws IOException {
        connection.startTls();
    }

    @Override
    public void startCompression() throws IOException {
        connection.layerStreams(DeflateStreams::inflating, DeflateStreams::deflating);
    }

    @Override
    public boolean hasBufferedLine() {
        return connection.in().hasBufferedLine();
    }
}
