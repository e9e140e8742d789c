package dev.facteur.auth.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link DnsResolver} over zone data held in memory, for unit tests: records per name and type,
 * CNAMEs followed, names that time out or SERVFAIL, and a count of queries asked.
 */
public final class InMemoryDnsResolver implements DnsResolver {

    private enum Kind { TXT, A, AAAA, MX, PTR, TLSA, CNAME }

    private final Map<String, Map<Kind, List<Object>>> zone = new ConcurrentHashMap<>();
    private final Set<String> timeouts = ConcurrentHashMap.newKeySet();
    private final Set<String> partialTimeouts = ConcurrentHashMap.newKeySet();
    private final Set<String> servfails = ConcurrentHashMap.newKeySet();
    private final Set<String> authenticated = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<Kind>> failingTypes = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    /** The last queries asked (bounded, so long benchmark runs stay O(1) per query). */
    private final java.util.ArrayDeque<String> log = new java.util.ArrayDeque<>();
    private static final int LOG_LIMIT = 10_000;

    private void add(String name, Kind kind, Object value) {
        zone.computeIfAbsent(Names.normalise(name), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(value);
    }

    public InMemoryDnsResolver txt(String name, String... strings) {
        add(name, Kind.TXT, new DnsRecords.Txt(List.of(strings)));
        return this;
    }

    public InMemoryDnsResolver a(String name, String address) {
        add(name, Kind.A, (Inet4Address) literal(address));
        return this;
    }

    public InMemoryDnsResolver aaaa(String name, String address) {
        add(name, Kind.AAAA, (Inet6Address) literal(address));
        return this;
    }

    public InMemoryDnsResolver mx(String name, int preference, String exchange) {
        add(name, Kind.MX, new DnsRecords.Mx(preference, exchange));
        return this;
    }

    public InMemoryDnsResolver ptr(String name, String target) {
        add(name, Kind.PTR, Names.normalise(target));
        return this;
    }

    public InMemoryDnsResolver tlsa(String name, DnsRecords.Tlsa record) {
        add(name, Kind.TLSA, record);
        return this;
    }

    public InMemoryDnsResolver cname(String name, String target) {
        add(name, Kind.CNAME, Names.normalise(target));
        return this;
    }

    /** The name exists (so it answers NODATA rather than NXDOMAIN) even without records. */
    public InMemoryDnsResolver exists(String name) {
        zone.computeIfAbsent(Names.normalise(name), k -> new ConcurrentHashMap<>());
        return this;
    }

    /** Every query for the name times out. */
    public InMemoryDnsResolver timeout(String name) {
        timeouts.add(Names.normalise(name));
        return this;
    }

    /** Queries of one type for the name time out (others answer normally). */
    public InMemoryDnsResolver timeout(String name, String type) {
        failingTypes.computeIfAbsent(Names.normalise(name), k -> ConcurrentHashMap.newKeySet()).add(Kind.valueOf(type));
        return this;
    }

    /** Queries for types the name has no records of time out; existing records still answer. */
    public InMemoryDnsResolver timeoutUnlessRecords(String name) {
        partialTimeouts.add(Names.normalise(name));
        return this;
    }

    /** Every query for the name gets SERVFAIL. */
    public InMemoryDnsResolver servfail(String name) {
        servfails.add(Names.normalise(name));
        return this;
    }

    /** Answers for the name carry the AD bit. */
    public InMemoryDnsResolver authenticated(String name) {
        authenticated.add(Names.normalise(name));
        return this;
    }

    /** Number of queries asked so far. */
    public int queryCount() {
        return queries.get();
    }

    /** The queries asked, as {@code TYPE name}. */
    public List<String> queryLog() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    @Override
    public DnsResult<DnsRecords.Txt> txt(String name) {
        return lookup(name, Kind.TXT);
    }

    @Override
    public DnsResult<Inet4Address> a(String name) {
        return lookup(name, Kind.A);
    }

    @Override
    public DnsResult<Inet6Address> aaaa(String name) {
        return lookup(name, Kind.AAAA);
    }

    @Override
    public DnsResult<DnsRecords.Mx> mx(String name) {
        return lookup(name, Kind.MX);
    }

    @Override
    public DnsResult<String> ptr(String name) {
        return lookup(name, Kind.PTR);
    }

    @Override
    public DnsResult<DnsRecords.Tlsa> tlsa(String name) {
        return lookup(name, Kind.TLSA);
    }

    @Override
    public DnsResult<String> cname(String name) {
        return lookup(name, Kind.CNAME);
    }

    @SuppressWarnings("unchecked")
    private <T> DnsResult<T> lookup(String queried, Kind kind) {
        queries.incrementAndGet();
        synchronized (log) {
            if (log.size() == LOG_LIMIT) {
                log.removeFirst();
            }
            log.addLast(kind + " " + queried);
        }
        String name = Names.normalise(queried);
        Set<String> seen = new HashSet<>();
        for (int hops = 0; hops < 16; hops++) {
            if (!Names.isQueryable(name)) {
                return new DnsResult.TempFailure<>("not a valid query name", false);
            }
            if (timeouts.contains(name) || failingTypes.getOrDefault(name, Set.of()).contains(kind)) {
                return new DnsResult.TempFailure<>("timeout", true);
            }
            if (servfails.contains(name)) {
                return new DnsResult.TempFailure<>("SERVFAIL", false);
            }
            Map<Kind, List<Object>> node = zone.get(name);
            if (node == null && partialTimeouts.contains(name)) {
                return new DnsResult.TempFailure<>("timeout", true);
            }
            if (node == null) {
                return new DnsResult.NxDomain<>();
            }
            List<Object> values = node.get(kind);
            if (values != null && !values.isEmpty()) {
                return new DnsResult.Records<>((List<T>) new ArrayList<>(values), authenticated.contains(name), 300);
            }
            List<Object> cnames = node.get(Kind.CNAME);
            if (partialTimeouts.contains(name) && (cnames == null || cnames.isEmpty())) {
                return new DnsResult.TempFailure<>("timeout", true);
            }
            if (kind == Kind.CNAME || cnames == null || cnames.isEmpty()) {
                return new DnsResult.NoData<>();
            }
            if (!seen.add(name)) {
                return new DnsResult.TempFailure<>("CNAME loop", false);
            }
            name = (String) cnames.getFirst();
        }
        return new DnsResult.TempFailure<>("CNAME chain too long", false);
    }

    private static InetAddress literal(String address) {
        if (!address.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP literal: " + address);
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + address, e);
        }
    }
}
