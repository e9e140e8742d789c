package dev.facteur.smtp.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blocking SMTP client session (RFC 5321) meant for one virtual thread: connect, EHLO, STARTTLS,
 * AUTH, then one or more mail transactions, pipelined (RFC 2920) and chunked (RFC 3030) when the
 * server offers it. Every read has the RFC 5321 §4.5.3.2 timeout of its phase, every write of data
 * is bounded by the data block timeout, and replies are bounded in size: a hostile or stalled peer
 * ends the session with a {@link SmtpClientException}, never a hang.
 */
public final class SmtpClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpClient.class);
    /** Closes sockets whose writes overrun their deadline: Java sockets have no write timeout. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("smtp-client-write-watchdog").factory());
    private static final int CHUNK = 1 << 20;

    private final InetSocketAddress remote;
    private final SmtpClientSettings settings;
    private Socket socket;
    private ReplyReader reader;
    private OutputStream out;
    private SmtpReply greeting;
    private EhloCapabilities capabilities = EhloCapabilities.none("");
    private Optional<SSLSession> tls = Optional.empty();

    private SmtpClient(Socket socket, InetSocketAddress remote, SmtpClientSettings settings) throws IOException {
        this.remote = remote;
        this.settings = settings;
        attach(socket);
    }

    /** Connects and reads the greeting; the caller checks {@link #greeting()} (RFC 5321 §3.1: 554 means go away). */
    public static SmtpClient connect(InetSocketAddress remote, SmtpClientSettings settings) throws SmtpClientException {
        return open(remote, settings, Optional.empty(), "");
    }

    /** Opens the connection, runs the TLS handshake first when {@code implicitTls} is given, reads the greeting. */
    private static SmtpClient open(InetSocketAddress remote, SmtpClientSettings settings, Optional<TlsPolicy> implicitTls,
                                   String serverName) throws SmtpClientException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            if (settings.localAddress().isPresent()) {
                s.bind(new InetSocketAddress(settings.localAddress().get(), 0));
            }
            s.connect(remote, (int) settings.connect().toMillis());
            SmtpClient client = new SmtpClient(s, remote, settings);
            if (implicitTls.isPresent()) {
                client.handshake(implicitTls.get(), serverName);
            }
            client.greeting = client.read(settings.greeting());
            return client;
        } catch (SmtpClientException e) {
            closeQuietly(s);
            throw e;
        } catch (SocketTimeoutException e) {
            closeQuietly(s);
            throw new SmtpClientException(SmtpClientException.Kind.TIMEOUT, "connect to " + remote + " timed out", e);
        } catch (IOException e) {
            closeQuietly(s);
            throw new SmtpClientException(SmtpClientException.Kind.CONNECT_FAILED, "connect to " + remote + " failed", e);
        }
    }

    public SmtpReply greeting() {
        return greeting;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** What the last successful EHLO offered; nothing before EHLO and right after STARTTLS. */
    public EhloCapabilities capabilities() {
        return capabilities;
    }

    /** The TLS session once STARTTLS succeeded. */
    public Optional<SSLSession> tlsSession() {
        return tls;
    }

    /** RFC 5321 §4.1.1.1: EHLO; on a positive reply the offered extensions become {@link #capabilities()}. */
    public SmtpReply ehlo(String clientName) throws SmtpClientException {
        Commands.checkText(clientName, "EHLO name");
        SmtpReply reply = command("EHLO " + clientName, settings.command());
        capabilities = reply.isPositive() ? EhloCapabilities.parse(reply) : EhloCapabilities.none("");
        return reply;
    }

    /** RFC 5321 §4.1.1.1: HELO, for servers that refuse EHLO; no extensions after it. */
    public SmtpReply helo(String clientName) throws SmtpClientException {
        Commands.checkText(clientName, "HELO name");
        SmtpReply reply = command("HELO " + clientName, settings.command());
        capabilities = EhloCapabilities.none(reply.lines().getFirst());
        return reply;
    }

    /**
     * RFC 3207: STARTTLS, then the handshake under {@code policy}. On a 220 the session is secured or
     * this throws ({@link SmtpClientException.Kind#TLS_FAILED}); any other reply is returned as is.
     * Afterwards the caller must send EHLO again (RFC 3207 §4.2).
     *
     * @param serverName the name sent as SNI and checked under {@link TlsPolicy.Pkix} (the MX host name)
     */
    public SmtpReply startTls(TlsPolicy policy, String serverName) throws SmtpClientException {
        SmtpReply reply = command("STARTTLS", settings.command());
        if (reply.code() != 220) {
            return reply;
        }
        // RFC 3207 §4.2: anything the server sent before the handshake is discarded with the old streams.
        handshake(policy, serverName);
        return reply;
    }

    /**
     * RFC 8314 §3: connects with implicit TLS (a relay's port 465), checks the certificate with
     * {@code policy}, then reads the greeting over TLS.
     */
    public static SmtpClient connectTls(InetSocketAddress remote, SmtpClientSettings settings, TlsPolicy policy,
                                        String serverName) throws SmtpClientException {
        return open(remote, settings, Optional.of(policy), serverName);
    }

    private void handshake(TlsPolicy policy, String serverName) throws SmtpClientException {
        try {
            SSLContext context = contextFor(policy);
            SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, serverName, remote.getPort(), true);
            SSLParameters params = ssl.getSSLParameters();
            if (isHostName(serverName)) {
                // RFC 6066 §3 SNI; RFC 7672 §8.1 and RFC 8461 §5 expect it.
                params.setServerNames(List.of(new SNIHostName(serverName)));
            }
            if (policy instanceof TlsPolicy.Pkix) {
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
            ssl.setSSLParameters(params);
            ssl.setUseClientMode(true);
            ssl.setSoTimeout((int) settings.command().toMillis());
            ssl.startHandshake();
            attach(ssl);
            tls = Optional.of(ssl.getSession());
            capabilities = EhloCapabilities.none("");
        } catch (SocketTimeoutException e) {
            close();
            throw new SmtpClientException(SmtpClientException.Kind.TIMEOUT, "TLS handshake timed out", e);
        } catch (SSLException e) {
            close();
            throw new SmtpClientException(SmtpClientException.Kind.TLS_FAILED, "TLS handshake failed: " + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException e) {
            close();
            throw new SmtpClientException(SmtpClientException.Kind.TLS_FAILED, "TLS setup failed", e);
        }
    }

    /**
     * RFC 4954: authenticates with PLAIN (RFC 4616) or LOGIN, whichever the server offers, and only
     * over TLS. Returns the final reply (235 on success).
     */
    public SmtpReply auth(String user, String password) throws SmtpClientException {
        if (tls.isEmpty()) {
            throw new SmtpClientException(SmtpClientException.Kind.AUTH_FAILED, "refusing to send credentials without TLS");
        }
        Commands.checkText(user, "user");
        Base64.Encoder b64 = Base64.getEncoder();
        if (capabilities.authMechanisms().contains("PLAIN")) {
            byte[] token = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
            return command("AUTH PLAIN " + b64.encodeToString(token), settings.command(), false);
        }
        if (capabilities.authMechanisms().contains("LOGIN")) {
            SmtpReply r = command("AUTH LOGIN", settings.command());
            if (r.code() != 334) {
                return r;
            }
            r = command(b64.encodeToString(user.getBytes(StandardCharsets.UTF_8)), settings.command(), false);
            if (r.code() != 334) {
                return r;
            }
            return command(b64.encodeToString(password.getBytes(StandardCharsets.UTF_8)), settings.command(), false);
        }
        throw new SmtpClientException(SmtpClientException.Kind.AUTH_FAILED, "server offers neither AUTH PLAIN nor LOGIN");
    }

    /** RFC 5321 §4.1.1.2: MAIL FROM. */
    public SmtpReply mailFrom(String reversePath, List<String> parameters) throws SmtpClientException {
        return command(mailCommand(new Envelope(reversePath, parameters, List.of(new Envelope.Recipient("x", List.of())))),
                settings.command());
    }

    /** RFC 5321 §4.1.1.3: RCPT TO. */
    public SmtpReply rcptTo(String forwardPath, List<String> parameters) throws SmtpClientException {
        return command(rcptCommand(new Envelope.Recipient(forwardPath, parameters)), settings.command());
    }

    /** RFC 5321 §4.1.1.4: DATA, the dot-stuffed content, and the final reply; a refusal of DATA itself is returned. */
    public SmtpReply data(MessageContent content) throws SmtpClientException {
        SmtpReply go = command("DATA", settings.dataInit());
        if (go.code() != 354) {
            return go;
        }
        return sendData(content);
    }

    /** RFC 3030 §2: the content as BDAT chunks, the last marked LAST; returns the first negative or the final reply. */
    public SmtpReply bdat(MessageContent content) throws SmtpClientException {
        long size = content.size();
        try (InputStream in = content.open()) {
            long sent = 0;
            do {
                int n = (int) Math.min(CHUNK, size - sent);
                byte[] chunk = in.readNBytes(n);
                if (chunk.length != n) {
                    throw new IOException("message content shorter than its size");
                }
                sent += n;
                boolean last = sent == size;
                String cmd = "BDAT " + n + (last ? " LAST" : "");
                timedWrite(o -> {
                    o.write((cmd + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    o.write(chunk);
                });
                SmtpReply r = read(last ? settings.dataTermination() : settings.command());
                if (!r.isPositive() || last) {
                    return r;
                }
            } while (true);
        } catch (SmtpClientException e) {
            throw e;
        } catch (IOException e) {
            throw new SmtpClientException(SmtpClientException.Kind.CONNECTION_LOST, "sending BDAT failed", e);
        }
    }

    /**
     * One mail transaction: MAIL, every RCPT and the content. When the server offers PIPELINING
     * (RFC 2920 §3.1) MAIL, the RCPTs and DATA go in one write; content goes as BDAT when the server
     * offers CHUNKING (RFC 3030) and {@code preferChunking}, else as DATA.
     */
    public TransactionResult send(Envelope envelope, MessageContent content, boolean preferChunking) throws SmtpClientException {
        boolean chunk = preferChunking && capabilities.chunking();
        if (!capabilities.pipelining()) {
            return sendSequential(envelope, content, chunk);
        }
        StringBuilder batch = new StringBuilder(mailCommand(envelope)).append("\r\n");
        for (Envelope.Recipient r : envelope.recipients()) {
            batch.append(rcptCommand(r)).append("\r\n");
        }
        if (!chunk) {
            // RFC 2920 §3.1: DATA may end a pipelined group.
            batch.append("DATA\r\n");
        }
        LOG.trace("C: {}", batch);
        String b = batch.toString();
        timedWrite(o -> o.write(b.getBytes(StandardCharsets.UTF_8)));
        SmtpReply mail = read(settings.command());
        List<SmtpReply> rcpts = new ArrayList<>();
        for (int i = 0; i < envelope.recipients().size(); i++) {
            rcpts.add(read(settings.command()));
        }
        boolean anyAccepted = mail.isPositive() && rcpts.stream().anyMatch(SmtpReply::isPositive);
        if (chunk) {
            return new TransactionResult(mail, rcpts, anyAccepted ? Optional.of(bdat(content)) : Optional.empty());
        }
        SmtpReply go = read(settings.dataInit());
        if (go.code() != 354) {
            return new TransactionResult(mail, rcpts, anyAccepted ? Optional.of(go) : Optional.empty());
        }
        if (!anyAccepted) {
            // RFC 2920 §3.1: the server should have refused DATA; close the empty data and report nothing sent.
            timedWrite(o -> o.write(".\r\n".getBytes(StandardCharsets.US_ASCII)));
            read(settings.dataTermination());
            return new TransactionResult(mail, rcpts, Optional.empty());
        }
        return new TransactionResult(mail, rcpts, Optional.of(sendData(content)));
    }

    private TransactionResult sendSequential(Envelope envelope, MessageContent content, boolean chunk) throws SmtpClientException {
        SmtpReply mail = command(mailCommand(envelope), settings.command());
        List<SmtpReply> rcpts = new ArrayList<>();
        if (!mail.isPositive()) {
            return new TransactionResult(mail, rcpts, Optional.empty());
        }
        for (Envelope.Recipient r : envelope.recipients()) {
            rcpts.add(command(rcptCommand(r), settings.command()));
        }
        if (rcpts.stream().noneMatch(SmtpReply::isPositive)) {
            return new TransactionResult(mail, rcpts, Optional.empty());
        }
        return new TransactionResult(mail, rcpts, Optional.of(chunk ? bdat(content) : data(content)));
    }

    /** RFC 5321 §4.1.1.5: RSET. */
    public SmtpReply rset() throws SmtpClientException {
        return command("RSET", settings.command());
    }

    /** RFC 5321 §4.1.1.9: NOOP. */
    public SmtpReply noop() throws SmtpClientException {
        return command("NOOP", settings.command());
    }

    /** RFC 5321 §4.1.1.10: QUIT, then close; errors on the way out are ignored. */
    public void quit() {
        try {
            command("QUIT", Duration.ofSeconds(10));
        } catch (SmtpClientException e) {
            LOG.debug("QUIT to {} failed: {}", remote, e.getMessage());
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private SmtpReply sendData(MessageContent content) throws SmtpClientException {
        try (InputStream in = content.open()) {
            ScheduledFuture<?>[] deadline = {arm(settings.dataBlock())};
            try {
                DotStuffer.copy(in, out, () -> {
                    deadline[0].cancel(false);
                    deadline[0] = arm(settings.dataBlock());
                });
                out.flush();
            } finally {
                deadline[0].cancel(false);
            }
        } catch (IOException e) {
            throw new SmtpClientException(SmtpClientException.Kind.CONNECTION_LOST, "sending data failed", e);
        }
        return read(settings.dataTermination());
    }

    private SmtpReply command(String line, Duration timeout) throws SmtpClientException {
        return command(line, timeout, true);
    }

    private SmtpReply command(String line, Duration timeout, boolean loggable) throws SmtpClientException {
        LOG.trace("C: {}", loggable ? line : "(credentials)");
        timedWrite(o -> o.write((line + "\r\n").getBytes(StandardCharsets.UTF_8)));
        return read(timeout);
    }

    private SmtpReply read(Duration timeout) throws SmtpClientException {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
        } catch (IOException e) {
            throw new SmtpClientException(SmtpClientException.Kind.CONNECTION_LOST, "socket closed", e);
        }
        SmtpReply reply = reader.read();
        LOG.trace("S: {}", reply);
        return reply;
    }

    private interface Write {
        void to(OutputStream o) throws IOException;
    }

    /** Writes and flushes under the data block timeout (RFC 5321 §4.5.3.2.5). */
    private void timedWrite(Write w) throws SmtpClientException {
        ScheduledFuture<?> deadline = arm(settings.dataBlock());
        try {
            w.to(out);
            out.flush();
        } catch (IOException e) {
            throw new SmtpClientException(deadline.isDone() ? SmtpClientException.Kind.TIMEOUT
                    : SmtpClientException.Kind.CONNECTION_LOST, "write to " + remote + " failed", e);
        } finally {
            deadline.cancel(false);
        }
    }

    private ScheduledFuture<?> arm(Duration timeout) {
        Socket s = socket;
        return WATCHDOG.schedule(() -> closeQuietly(s), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        this.reader = new ReplyReader(new BufferedInputStream(s.getInputStream(), 8192));
        this.out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
    }

    private static String mailCommand(Envelope e) {
        StringBuilder b = new StringBuilder("MAIL FROM:<").append(e.reversePath()).append('>');
        e.mailParameters().forEach(p -> b.append(' ').append(p));
        return b.toString();
    }

    private static String rcptCommand(Envelope.Recipient r) {
        StringBuilder b = new StringBuilder("RCPT TO:<").append(r.forwardPath()).append('>');
        r.parameters().forEach(p -> b.append(' ').append(p));
        return b.toString();
    }

    private static SSLContext contextFor(TlsPolicy policy) throws GeneralSecurityException {
        return switch (policy) {
            case TlsPolicy.Pkix p -> p.context();
            case TlsPolicy.Opportunistic o -> contextWith(new AnyCertificateTrustManager());
            case TlsPolicy.Dane d -> contextWith(new DaneTrustManager(d.records(), d.names()));
        };
    }

    private static SSLContext contextWith(TrustManager tm) throws GeneralSecurityException {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, new TrustManager[] {tm}, null);
        return c;
    }

    private static boolean isHostName(String name) {
        return !name.isEmpty() && name.indexOf(':') < 0 && !name.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }

    private static void closeQuietly(Socket s) {
        try {
            if (s != null) {
                s.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
