package dev.facteur.toolkit.tls;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Enumerates the versions and suites a TLS server accepts: for each version a ClientHello offering
 * every known suite of that version; the suite the server picks is removed and the hello sent again
 * until the server refuses, which gives the accepted suites in the server's order of preference.
 * Each hello goes over a fresh connection from the {@link Opener} (which does STARTTLS first where
 * the port needs it).
 */
public final class TlsScanner {

    /** A connection ready for a ClientHello: TLS-first ports at once, the others after STARTTLS. */
    public interface Channel extends AutoCloseable {
        void write(byte[] data) throws IOException;

        /** Exactly {@code n} octets, or an exception (EOF, a timeout, the deadline). */
        byte[] readExactly(int n) throws IOException;

        @Override
        void close();
    }

    /** Opens a fresh {@link Channel}; {@code remaining} bounds its whole life. */
    @FunctionalInterface
    public interface Opener {
        Channel open(Duration remaining) throws IOException;
    }

    private final Duration budget;
    private final int maxConnections;

    /**
     * @param budget the time the whole scan of one port may take
     * @param maxConnections the most hellos (connections) one port gets
     */
    public TlsScanner(Duration budget, int maxConnections) {
        if (budget.isNegative() || budget.isZero() || maxConnections < 1) {
            throw new IllegalArgumentException("budget and maxConnections must be positive");
        }
        this.budget = budget;
        this.maxConnections = maxConnections;
    }

    /** Scans with SNI {@code serverName} (empty for none); never throws for anything the server does. */
    public TlsScan scan(Opener opener, String serverName) {
        long deadline = System.nanoTime() + budget.toNanos();
        List<TlsScan.Offer> offers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int connections = 0;
        boolean complete = true;
        versions:
        for (TlsVersion v : TlsVersion.values()) {
            List<CipherSuite> left = new ArrayList<>(v == TlsVersion.TLS_1_3 ? CipherSuite.TLS13 : CipherSuite.LEGACY);
            List<CipherSuite> accepted = new ArrayList<>();
            while (!left.isEmpty()) {
                long remaining = deadline - System.nanoTime();
                if (connections >= maxConnections || remaining <= 0) {
                    problems.add("the scan stopped at " + v.label() + " after " + connections + " connections (limit of time or connections)");
                    complete = false;
                    break versions;
                }
                connections++;
                ServerHelloReader.Outcome o;
                try (Channel c = opener.open(Duration.ofNanos(remaining))) {
                    c.write(ClientHello.record(v, left, serverName));
                    o = ServerHelloReader.read(c::readExactly);
                } catch (SocketTimeoutException e) {
                    problems.add(v.label() + ": no answer in time");
                    complete = false;
                    break;
                } catch (IOException e) {
                    problems.add(v.label() + ": could not connect or start TLS (" + String.valueOf(e.getMessage()) + ")");
                    complete = false;
                    break versions;
                }
                Optional<CipherSuite> chosen = chosen(o, v, left, problems);
                if (chosen.isEmpty()) {
                    break;
                }
                accepted.add(chosen.get());
                left.remove(chosen.get());
            }
            if (!accepted.isEmpty()) {
                offers.add(new TlsScan.Offer(v, accepted));
            }
        }
        return new TlsScan(offers, complete, problems, connections);
    }

    /** The suite the server picked from {@code offered} for {@code v}; empty when it refused or chose another version. */
    private static Optional<CipherSuite> chosen(ServerHelloReader.Outcome o, TlsVersion v, List<CipherSuite> offered, List<String> problems) {
        return switch (o) {
            case ServerHelloReader.Outcome.Refused r -> Optional.empty();
            case ServerHelloReader.Outcome.Broken b -> {
                problems.add(v.label() + ": " + b.why());
                yield Optional.empty();
            }
            // A lower version in the answer means this one is not accepted (RFC 5246 Appendix E.1).
            case ServerHelloReader.Outcome.Chosen c when c.versionCode() != v.code() -> Optional.empty();
            case ServerHelloReader.Outcome.Chosen c -> {
                Optional<CipherSuite> s = offered.stream().filter(x -> x.code() == c.suiteCode()).findFirst();
                if (s.isEmpty()) {
                    // RFC 5246 §7.4.1.3: the server must pick one of the offered suites.
                    problems.add(v.label() + ": the server chose suite 0x" + HexFormat.of().toHexDigits((short) c.suiteCode()) + ", which was not offered");
                }
                yield s;
            }
        };
    }
}
