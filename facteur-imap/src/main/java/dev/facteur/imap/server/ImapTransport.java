package dev.facteur.imap.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What a session needs from its connection: lines, exact octet runs (literals), buffered
 * output, timeouts and STARTTLS. Implemented over {@code dev.facteur.core.net.Connection}.
 */
interface ImapTransport {

    String id();

    InetSocketAddress remote();

    /** One line without its terminator; a longer line is consumed and flagged. */
    RawLine readLine(int maxOctets) throws IOException;

    /** Exactly {@code count} octets into {@code sink} (a literal). */
    void copy(long count, OutputStream sink) throws IOException;

    /** Acknowledges received octets at once (after a literal: the client's Nagle may wait for it). */
    void acknowledgeNow();

    /** Buffered output; the reader flushes it before blocking, so pipelined replies leave together. */
    OutputStream out();

    void flush() throws IOException;

    void setReadTimeout(Duration timeout) throws IOException;

    boolean isTls();

    boolean canStartTls();

    /** Starts TLS, dropping anything the client sent before the handshake (RFC 9051 §6.2.1). */
    void startTls() throws IOException;

    /** Compresses both directions from now on (RFC 4978 COMPRESS=DEFLATE); output is flushed first. */
    void startCompression() throws IOException;

    /** True if a whole command line is already buffered (a pipelined command follows). */
    boolean hasBufferedLine();

    /** A read line. */
    record RawLine(byte[] content, boolean tooLong) {}
}
