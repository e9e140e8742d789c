package dev.facteur.auth.dns;

import java.util.List;
import java.util.function.Function;

/**
 * The outcome of one DNS query: the records found, the name does not exist (NXDOMAIN), the name
 * exists without records of the type (NODATA), or a temporary failure (timeout, SERVFAIL, network).
 *
 * @param <T> the record value type
 */
public sealed interface DnsResult<T> {

    /** RFC 1035 §4.1.1 RCODE 0 with answers. {@code authenticated} is the AD bit (RFC 4035 §3.2.3). */
    record Records<T>(List<T> values, boolean authenticated, long ttlSeconds) implements DnsResult<T> {
        public Records {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("Records needs at least one value; use NoData");
            }
            if (ttlSeconds < 0) {
                throw new IllegalArgumentException("negative TTL");
            }
        }
    }

    /** RFC 1035 §4.1.1 RCODE 3: the name does not exist. */
    record NxDomain<T>() implements DnsResult<T> {
    }

    /** RFC 2308 §2.2: the name exists but has no records of the queried type. */
    record NoData<T>() implements DnsResult<T> {
    }

    /** A temporary failure: timeout, SERVFAIL, REFUSED, network error; {@code cause} is for logs. */
    record TempFailure<T>(String cause, boolean timeout) implements DnsResult<T> {
        public TempFailure {
            if (cause.isBlank()) {
                throw new IllegalArgumentException("cause required");
            }
        }
    }

    /** The records, or an empty list for NXDOMAIN, NODATA and failures. */
    default List<T> values() {
        return switch (this) {
            case Records<T> r -> r.values();
            case NxDomain<T> n -> List.of();
            case NoData<T> n -> List.of();
            case TempFailure<T> f -> List.of();
        };
    }

    /** True for NXDOMAIN and NODATA: the "void lookup" of RFC 7208 §4.6.4. */
    default boolean isEmptyAnswer() {
        return this instanceof NxDomain<T> || this instanceof NoData<T>;
    }

    /** The same outcome with each record mapped. */
    default <U> DnsResult<U> map(Function<? super T, ? extends U> f) {
        return switch (this) {
            case Records<T> r -> new Records<U>(r.values().stream().<U>map(f).toList(), r.authenticated(), r.ttlSeconds());
            case NxDomain<T> n -> new NxDomain<>();
            case NoData<T> n -> new NoData<>();
            case TempFailure<T> t -> new TempFailure<>(t.cause(), t.timeout());
        };
    }
}
