package dev.facteur.auth.dns;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A {@link DnsResolver} that asks recursive servers over UDP (TCP when truncated, RFC 7766 §5)
 * through dnsjava, tries the configured servers in order, and keeps a bounded TTL cache.
 */
public final class DnsjavaResolver implements DnsResolver {
    private static final Executor COMPLETIONS =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dns-", 0).factory());

    /** Settings: servers (empty = the system's resolvers), per-query timeout, cache size, clock. */
    public record Config(List<DnsServerAddress> servers, Duration timeout, int cacheSize, InstantSource clock) {
        public Config {
            servers = List.copyOf(servers);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("DNS timeout must be positive");
            }
            if (cacheSize < 1) {
                throw new IllegalArgumentException("DNS cache size must be at least 1");
            }
        }

        /** The system's resolvers, 5 s timeout, 10 000 cached answers, system clock. */
        public static Config systemDefault() {
            return new Config(List.of(), Duration.ofSeconds(5), 10_000, InstantSource.system());
        }

        /** Explicit servers as {@code host:port} strings. */
        public static Config of(List<String> servers, Duration timeout) {
            return new Config(servers.stream().map(DnsServerAddress::parse).toList(), timeout, 10_000, InstantSource.system());
        }
    }

    private static final long NEGATIVE_TTL_CAP = 3600;
    private static final long POSITIVE_TTL_CAP = 86_400;

    private final List<SimpleResolver> resolvers;
    private final List<String> names;
    private final DnsCache cache;

    public DnsjavaResolver(Config config) {
        this.cache = new DnsCache(config.cacheSize(), config.clock());
        List<InetSocketAddress> addresses = new ArrayList<>();
        if (config.servers().isEmpty()) {
            addresses.addAll(ResolverConfig.getCurrentConfig().servers());
        } else {
            for (DnsServerAddress s : config.servers()) {
                try {
                    addresses.add(s.socketAddress());
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("unknown DNS server host: " + s.host(), e);
                }
            }
        }
        if (addresses.isEmpty()) {
            addresses.add(new InetSocketAddress("127.0.0.1", 53));
        }
        this.resolvers = new ArrayList<>();
        this.names = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            SimpleResolver r = new SimpleResolver(a);
            r.setTimeout(config.timeout());
            resolvers.add(r);
            names.add(a.toString());
        }
    }

    @Override
    public DnsResult<DnsRecords.Txt> txt(String name) {
        return query(name, Type.TXT, r -> {
            List<String> strings = new ArrayList<>();
            for (byte[] b : ((TXTRecord) r).getStringsAsByteArrays()) {
                strings.add(new String(b, StandardCharsets.ISO_8859_1));
            }
            return new DnsRecords.Txt(strings);
        });
    }

    @Override
    public DnsResult<Inet4Address> a(String name) {
        return query(name, Type.A, r -> (Inet4Address) ((ARecord) r).getAddress());
    }

    @Override
    public DnsResult<Inet6Address> aaaa(String name) {
        return query(name, Type.AAAA, r -> (Inet6Address) ((AAAARecord) r).getAddress());
    }

    @Override
    public DnsResult<DnsRecords.Mx> mx(String name) {
        return query(name, Type.MX, r -> new DnsRecords.Mx(((MXRecord) r).getPriority(), ((MXRecord) r).getTarget().toString()));
    }

    @Override
    public DnsResult<String> ptr(String name) {
        return query(name, Type.PTR, r -> Names.normalise(((PTRRecord) r).getTarget().toString()));
    }

    @Override
    public DnsResult<DnsRecords.Tlsa> tlsa(String name) {
        return query(name, Type.TLSA, r -> {
            TLSARecord t = (TLSARecord) r;
            return new DnsRecords.Tlsa(t.getCertificateUsage(), t.getSelector(), t.getMatchingType(), t.getCertificateAssociationData());
        });
    }

    @Override
    public DnsResult<String> cname(String name) {
        return query(name, Type.CNAME, r -> Names.normalise(((CNAMERecord) r).getTarget().toString()));
    }

    private <T> DnsResult<T> query(String name, int type, Function<Record, T> convert) {
        String key = Type.string(type);
        var cached = cache.<T>get(key, name);
        if (cached.isPresent()) {
            return cached.get();
        }
        if (!Names.isQueryable(name)) {
            return new DnsResult.TempFailure<>("not a valid query name", false);
        }
        Name qname;
        try {
            qname = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return new DnsResult.TempFailure<>("not a valid query name", false);
        }
        Message query = Message.newQuery(Record.newRecord(qname, type, DClass.IN));
        // RFC 6840 §5.7: setting AD in a query asks a validating resolver to report the AD bit.
        query.getHeader().setFlag(Flags.AD);
        DnsResult<T> result = new DnsResult.TempFailure<>("no DNS server answered", true);
        for (int i = 0; i < resolvers.size(); i++) {
            result = send(resolvers.get(i), names.get(i), query, type, convert);
            if (!(result instanceof DnsResult.TempFailure<T>)) {
                break;
            }
        }
        cache.put(key, name, result, ttlOf(result));
        return result;
    }

    private static <T> long ttlOf(DnsResult<T> result) {
        return switch (result) {
            case DnsResult.Records<T> r -> Math.min(r.ttlSeconds(), POSITIVE_TTL_CAP);
            case DnsResult.NxDomain<T> n -> 60;
            case DnsResult.NoData<T> n -> 60;
            case DnsResult.TempFailure<T> f -> 0;
        };
    }

    /**
     * Resolver.send, but completing on virtual threads: its default completes on the common
     * ForkJoin pool, which has one thread on a two-core machine and stalls every lookup while
     * that thread is busy elsewhere.
     */
    private static Message exchange(SimpleResolver resolver, Message query) throws IOException {
        try {
            return resolver.sendAsync(query, COMPLETIONS).toCompletableFuture()
                    .get(resolver.getTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new java.net.SocketTimeoutException("timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    private static <T> DnsResult<T> send(SimpleResolver resolver, String server, Message query, int type,
                                         Function<Record, T> convert) {
        Message response;
        try {
            response = exchange(resolver, query);
        } catch (java.net.SocketTimeoutException e) {
            return new DnsResult.TempFailure<>("timeout asking " + server, true);
        } catch (IOException e) {
            boolean timeout = e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("timed out");
            return new DnsResult.TempFailure<>("network error asking " + server + ": " + e.getClass().getSimpleName(), timeout);
        } catch (RuntimeException e) {
            return new DnsResult.TempFailure<>("malformed answer from " + server, false);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new DnsResult.NxDomain<>();
        }
        if (rcode != Rcode.NOERROR) {
            return new DnsResult.TempFailure<>(Rcode.string(rcode) + " from " + server, false);
        }
        List<T> values = new ArrayList<>();
        long ttl = POSITIVE_TTL_CAP;
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() == type) {
                try {
                    values.add(convert.apply(r));
                } catch (RuntimeException e) {
                    return new DnsResult.TempFailure<>("malformed " + Type.string(type) + " record from " + server, false);
                }
                // RFC 2181 §5.2: the TTL of an RRset is the smallest of its records'.
                ttl = Math.min(ttl, r.getTTL());
            }
        }
        if (values.isEmpty()) {
            return new DnsResult.NoData<>();
        }
        boolean ad = response.getHeader().getFlag(Flags.AD);
        return new DnsResult.Records<>(values, ad, ttl);
    }
}
