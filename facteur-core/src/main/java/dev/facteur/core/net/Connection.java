package dev.facteur.core.net;

import dev.facteur.core.tls.TlsContextProvider;
import dev.facteur.core.tls.TlsPolicy;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One accepted client connection, as a protocol session sees it: an id and the client's
 * address for logs, a {@link LineReader} and a buffered output, the read timeout, and the
 * switch to TLS. Not thread-safe: only the connection's own thread uses it.
 */
public final class Connection implements AutoCloseable {
    /** The read and write buffer size unless the handler asks for another. */
    public static final int DEFAULT_BUFFER = 16 * 1024;

    private final int buffer;

    private final String id;
    private final String listener;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final Optional<TlsContextProvider> tls;
    private Socket socket;
    /** The accepted TCP socket (under TLS, the one beneath it), for TCP-level options. */
    private final Socket tcp;
    private LineReader reader;
    private OutputStream out;
    private Optional<TlsInfo> tlsInfo = Optional.empty();

    Connection(String id, String listener, Socket socket, InetSocketAddress remote, Optional<TlsContextProvider> tls,
               int bufferSize) throws IOException {
        if (bufferSize < 512) {
            throw new IllegalArgumentException("buffer size below 512");
        }
        this.buffer = bufferSize;
        this.id = id;
        this.listener = listener;
        this.socket = socket;
        this.tcp = socket;
        this.remote = remote;
        this.local = (InetSocketAddress) socket.getLocalSocketAddress();
        this.tls = tls;
        attachStreams(socket);
    }

    private void attachStreams(Socket s) throws IOException {
        this.reader = new LineReader(s.getInputStream(), buffer);
        this.out = new BufferedOutputStream(s.getOutputStream(), buffer);
        this.reader.flushBeforeBlocking(out);
    }

    /** A short id unique within the process, for correlating log lines. */
    public String id() {
        return id;
    }

    /** The listener's name. */
    public String listener() {
        return listener;
    }

    /** The client's address (from the PROXY header when the listener uses one). */
    public InetSocketAddress remote() {
        return remote;
    }

    public InetSocketAddress local() {
        return local;
    }

    /** The current reader; replaced by {@link #startTls()}, so ask again after it. */
    public LineReader in() {
        return reader;
    }

    /** The buffered output; flushed by the reader before it blocks, or by {@link #flush()}. */
    public OutputStream out() {
        return out;
    }

    public void flush() throws IOException {
        out.flush();
    }

    /**
     * Acknowledges the data received so far at once instead of after the delayed-ACK timer
     * (Linux TCP_QUICKACK). For a client whose Nagle algorithm holds back the end of a command
     * (e.g. the CRLF after an IMAP literal) until that ACK: without it each such command waits
     * ~40 ms. Does nothing where the option is not supported.
     */
    public void acknowledgeNow() {
        try {
            if (tcp.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_QUICKACK)) {
                tcp.setOption(jdk.net.ExtendedSocketOptions.TCP_QUICKACK, true);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Only latency is at stake; the data is acknowledged by the timer anyway.
        }
    }

    /**
     * Layers transforms over both directions from now on (e.g. IMAP COMPRESS, RFC 4978 §3): output
     * already buffered is flushed first, and input already buffered is fed through the new input
     * transform ahead of the socket's. The transformed input's {@code available()} must not
     * promise octets it would block for, since the reader flushes output only before blocking.
     */
    public void layerStreams(java.util.function.UnaryOperator<java.io.InputStream> input,
                             java.util.function.UnaryOperator<OutputStream> output) throws IOException {
        out.flush();
        java.io.InputStream early = new java.io.ByteArrayInputStream(reader.takeBuffered());
        java.io.InputStream raw = new java.io.SequenceInputStream(early, socket.getInputStream()) {
            @Override
            public int available() throws IOException {
                return early.available() > 0 ? early.available() : socket.getInputStream().available();
            }
        };
        this.reader = new LineReader(input.apply(raw), buffer);
        this.out = new BufferedOutputStream(output.apply(socket.getOutputStream()), buffer);
        this.reader.flushBeforeBlocking(out);
    }

    /** Sets the read timeout for the current protocol state. */
    public void setReadTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
    }

    public boolean isTls() {
        return tlsInfo.isPresent();
    }

    public Optional<TlsInfo> tlsInfo() {
        return tlsInfo;
    }

    /** True if this listener has a certificate and the connection is not yet encrypted. */
    public boolean canStartTls() {
        return tls.isPresent() && tlsInfo.isEmpty();
    }

    /**
     * Layers TLS over the plain socket and runs the handshake. Anything the client sent after
     * the STARTTLS command and before the handshake is thrown away (RFC 3207 §4.2, the STARTTLS
     * command-injection class); returns how many octets were discarded. The caller must have
     * flushed its "ready to start TLS" reply already.
     */
    public int startTls() throws IOException {
        if (!canStartTls()) {
            throw new IllegalStateException("TLS not available or already active");
        }
        out.flush();
        int discarded = reader.discardBuffered();
        SSLSocket ssl = TlsPolicy.serverSocket(tls.orElseThrow().context(), socket, new byte[0]);
        handshake(ssl);
        return discarded;
    }

    /** Implicit TLS (RFC 8314 §3.3): the handshake comes first; octets already read go to TLS. */
    void startImplicitTls() throws IOException {
        byte[] early = reader.takeBuffered();
        SSLSocket ssl = TlsPolicy.serverSocket(tls.orElseThrow().context(), socket, early);
        handshake(ssl);
    }

    private void handshake(SSLSocket ssl) throws IOException {
        ssl.startHandshake();
        SSLSession session = ssl.getSession();
        this.socket = ssl;
        this.tlsInfo = Optional.of(new TlsInfo(session.getProtocol(), session.getCipherSuite()));
        attachStreams(ssl);
    }

    /** Flushes pending output and closes the connection. */
    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException ignored) {
            // The peer is gone; nothing more to tell it.
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a broken socket has nothing to report.
        }
    }
}
