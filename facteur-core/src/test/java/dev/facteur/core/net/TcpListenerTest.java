package dev.facteur.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.tls.TestCertificates;
import dev.facteur.core.tls.TlsContextProvider;
import dev.facteur.testkit.TrustAllTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpListenerTest {

    @TempDir
    Path dir;

    private TcpListener listener;
    private final CountDownLatch holding = new CountDownLatch(1);

    /** A tiny line protocol: WHO, THREAD, TLS, STARTTLS, NODELAY, HOLD, QUIT. */
    private final ConnectionHandler echo = new ConnectionHandler() {
        @Override
        public void handle(Connection c) throws IOException {
            write(c, "HELLO");
            while (true) {
                Line l = c.in().readLine(512);
                switch (l.text()) {
                    case "WHO" -> write(c, c.remote().getAddress().getHostAddress() + " " + c.remote().getPort());
                    case "THREAD" -> write(c, Thread.currentThread().isVirtual() ? "virtual" : "platform");
                    case "TLS" -> write(c, c.tlsInfo().map(TlsInfo::protocol).orElse("none"));
                    case "STARTTLS" -> {
                        write(c, "GO");
                        c.flush();
                        write(c, "DISCARDED " + c.startTls());
                    }
                    case "HOLD" -> {
                        write(c, "HELD");
                        c.flush();
                        try {
                            holding.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    case "QUIT" -> {
                        write(c, "BYE");
                        return;
                    }
                    default -> write(c, "? " + l.text());
                }
            }
        }

        @Override
        public void refuse(Connection c, Refusal reason) throws IOException {
            write(c, "BUSY " + reason);
        }
    };

    private static void write(Connection c, String s) throws IOException {
        c.out().write((s + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        holding.countDown();
        if (listener != null) {
            listener.close();
        }
    }

    private InetSocketAddress start(ListenerSettings settings, Optional<TlsContextProvider> tls) throws IOException {
        listener = new TcpListener(settings, tls, echo);
        listener.start();
        return listener.boundAddress();
    }

    private record Client(Socket socket, BufferedReader in, OutputStream out) implements AutoCloseable {
        static Client connect(InetSocketAddress a) throws IOException {
            Socket s = new Socket(a.getAddress(), a.getPort());
            s.setSoTimeout(10_000);
            return of(s);
        }

        static Client of(Socket s) throws IOException {
            return new Client(s, new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)),
                    s.getOutputStream());
        }

        String ask(String line) throws IOException {
            send(line);
            return in.readLine();
        }

        void send(String raw) throws IOException {
            out.write((raw + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        InetSocketAddress a = start(ListenerSettings.loopback("test", false), Optional.empty());
        try (Client c = Client.connect(a)) {
            assertThat(c.in.readLine()).isEqualTo("HELLO");
            c.out.write("X\r\nY\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.in.readLine()).isEqualTo("? X");
            assertThat(c.in.readLine()).isEqualTo("? Y");
            assertThat(c.in.readLine()).isEqualTo("BYE");
        }
    }

    @Test
    void connectionsRunOnVirtualThreadsUnlessTheListenerAsksForPlatformThreads() throws IOException {
        InetSocketAddress a = start(ListenerSettings.loopback("test", false), Optional.empty());
        try (Client c = Client.connect(a)) {
            assertThat(c.in.readLine()).isEqualTo("HELLO");
            assertThat(c.ask("THREAD")).isEqualTo("virtual");
        }
        listener.close();
        a = start(ListenerSettings.loopback("test", false).withThreads(ConnectionThreads.PLATFORM), Optional.empty());
        try (Client c = Client.connect(a)) {
            assertThat(c.in.readLine()).isEqualTo("HELLO");
            assertThat(c.ask("THREAD")).isEqualTo("platform");
            c.out.write("X\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.in.readLine()).isEqualTo("? X");
            assertThat(c.in.readLine()).isEqualTo("BYE");
        }
    }

    @Test
    void thePlatformThreadChoiceSurvivesTheOtherSettingsCopies() {
        ListenerSettings s = ListenerSettings.loopback("test", false).withThreads(ConnectionThreads.PLATFORM)
                .withLimits(5, 2).withProxyProtocol(ProxyProtocol.OFF);
        assertThat(s.threads()).isEqualTo(ConnectionThreads.PLATFORM);
        assertThat(ListenerSettings.loopback("test", false).threads()).isEqualTo(ConnectionThreads.VIRTUAL);
    }

    @Test
    void aSecondConnectionFromOneAddressBeyondTheLimitIsRefused() throws IOException {
        InetSocketAddress a = start(ListenerSettings.loopback("test", false).withLimits(10, 1), Optional.empty());
        try (Client first = Client.connect(a)) {
            assertThat(first.in.readLine()).isEqualTo("HELLO");
            try (Client second = Client.connect(a)) {
                assertThat(second.in.readLine()).isEqualTo("BUSY TOO_MANY_FROM_ADDRESS");
                assertThat(second.in.readLine()).isNull();
            }
            assertThat(first.ask("QUIT")).isEqualTo("BYE");
            assertThat(first.in.readLine()).isNull(); // closed by the server, after it freed the permit
        }
        // The permit came back before the close: a new connection is served at once.
        try (Client third = Client.connect(a)) {
            assertThat(third.in.readLine()).isEqualTo("HELLO");
        }
    }

    @Test
    void theGlobalLimitHoldsNewConnectionsUntilAPermitIsFree() throws Exception {
        InetSocketAddress a = start(ListenerSettings.loopback("test", false).withLimits(1, 1), Optional.empty());
        try (Client first = Client.connect(a)) {
            assertThat(first.in.readLine()).isEqualTo("HELLO");
            assertThat(first.ask("HOLD")).isEqualTo("HELD");
            try (Client second = Client.connect(a)) { // queued in the backlog, not served
                second.socket.setSoTimeout(300);
                assertThat(readOrTimeout(second)).isNull();
                holding.countDown();
                first.close();
                second.socket.setSoTimeout(10_000);
                assertThat(second.in.readLine()).isEqualTo("HELLO");
            }
        }
    }

    @Test
    void listenersSharingPermitsHoldOneGlobalLimitAndReportTheirConnections() throws Exception {
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        ConnectionObserver observer = new ConnectionObserver() {
            @Override
            public void accepted(String l) {
                events.add("accepted " + l);
            }

            @Override
            public void refused(String l, Refusal reason) {
                events.add("refused " + l);
            }

            @Override
            public void closed(String l) {
                events.add("closed " + l);
            }
        };
        ListenerResources shared = ListenerResources.shared(1, observer);
        try (TcpListener one = new TcpListener(ListenerSettings.loopback("one", false), Optional.empty(), echo, shared);
             TcpListener two = new TcpListener(ListenerSettings.loopback("two", false), Optional.empty(), echo, shared)) {
            one.start();
            two.start();
            try (Client first = Client.connect(one.boundAddress())) {
                assertThat(first.in.readLine()).isEqualTo("HELLO");
                try (Client second = Client.connect(two.boundAddress())) { // the other listener: no permit left
                    second.socket.setSoTimeout(300);
                    assertThat(readOrTimeout(second)).isNull();
                    assertThat(first.ask("QUIT")).isEqualTo("BYE");
                    second.socket.setSoTimeout(10_000);
                    assertThat(second.in.readLine()).isEqualTo("HELLO");
                    assertThat(second.ask("QUIT")).isEqualTo("BYE");
                    assertThat(second.in.readLine()).isNull(); // closed, so "closed two" was reported
                }
            }
        }
        assertThat(events).startsWith("accepted one", "closed one", "accepted two");
    }

    @Test
    void aRefusalIsReportedToTheObserver() throws Exception {
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        ConnectionObserver observer = new ConnectionObserver() {
            @Override
            public void accepted(String l) {
                events.add("accepted");
            }

            @Override
            public void refused(String l, Refusal reason) {
                events.add("refused " + l + " " + reason);
            }

            @Override
            public void closed(String l) {
                events.add("closed");
            }
        };
        listener = new TcpListener(ListenerSettings.loopback("test", false).withLimits(10, 1), Optional.empty(), echo,
                new ListenerResources(Optional.empty(), observer));
        listener.start();
        try (Client first = Client.connect(listener.boundAddress())) {
            assertThat(first.in.readLine()).isEqualTo("HELLO");
            try (Client second = Client.connect(listener.boundAddress())) {
                assertThat(second.in.readLine()).isEqualTo("BUSY TOO_MANY_FROM_ADDRESS");
            }
        }
        assertThat(events).containsSubsequence("accepted", "refused test TOO_MANY_FROM_ADDRESS");
    }

    private static String readOrTimeout(Client c) throws IOException {
        try {
            return c.in.readLine();
        } catch (java.net.SocketTimeoutException e) {
            return null;
        }
    }

    @Test
    void startTlsDiscardsCommandsSentBeforeTheHandshake() throws IOException {
        InetSocketAddress a = start(ListenerSettings.loopback("test", false),
                Optional.of(TestCertificates.serverContext(dir)));
        try (Client c = Client.connect(a)) {
            assertThat(c.in.readLine()).isEqualTo("HELLO");
            // The injected WHO rides in the same packet as STARTTLS (CVE-2011-0411 class).
            c.out.write("STARTTLS\r\nWHO\r\n".getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            assertThat(c.in.readLine()).isEqualTo("GO");
            SSLSocket tls = (SSLSocket) TrustAllTls.context().getSocketFactory()
                    .createSocket(c.socket, "mx.test", a.getPort(), true);
            tls.startHandshake();
            Client t = Client.of(tls);
            assertThat(t.in.readLine()).isEqualTo("DISCARDED 5");
            assertThat(t.ask("TLS")).isIn("TLSv1.3", "TLSv1.2");
            assertThat(t.ask("QUIT")).isEqualTo("BYE");
        }
    }

    @Test
    void implicitTlsHandshakesBeforeTheGreeting() throws IOException {
        InetSocketAddress a = start(ListenerSettings.loopback("test", true),
                Optional.of(TestCertificates.serverContext(dir)));
        SSLSocket s = (SSLSocket) TrustAllTls.context().getSocketFactory()
                .createSocket(a.getAddress(), a.getPort());
        s.setSoTimeout(10_000);
        try (Client c = Client.of(s)) {
            assertThat(c.in.readLine()).isEqualTo("HELLO");
            assertThat(c.ask("TLS")).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void tls11ClientsAreRefused() throws IOException {
        InetSocketAddress a = start(ListenerSettings.loopback("test", true),
                Optional.of(TestCertificates.serverContext(dir)));
        SSLSocket s = (SSLSocket) TrustAllTls.context().getSocketFactory()
                .createSocket(a.getAddress(), a.getPort());
        s.setSoTimeout(10_000);
        s.setEnabledProtocols(new String[] {"TLSv1.1"});
        try (s) {
            org.assertj.core.api.Assertions.assertThatThrownBy(s::startHandshake).isInstanceOf(IOException.class);
        }
    }

    @Test
    void theProxyHeaderSetsTheRemoteAddress() throws IOException {
        InetSocketAddress a = start(ListenerSettings.loopback("test", false).withProxyProtocol(ProxyProtocol.REQUIRED),
                Optional.empty());
        try (Client c = Client.connect(a)) {
            c.out.write("PROXY TCP4 203.0.113.9 127.0.0.1 40000 25\r\nWHO\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.in.readLine()).isEqualTo("HELLO");
            assertThat(c.in.readLine()).isEqualTo("203.0.113.9 40000");
        }
    }

    @Test
    void aConnectionWithoutTheRequiredProxyHeaderIsDropped() throws IOException {
        InetSocketAddress a = start(ListenerSettings.loopback("test", false).withProxyProtocol(ProxyProtocol.REQUIRED),
                Optional.empty());
        try (Client c = Client.connect(a)) {
            c.send("EHLO x");
            assertThat(c.in.readLine()).isNull();
        }
    }
}
