package dev.facteur.auth.spf;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed SPF record (RFC 7208 §4.6): its directives in order and its redirect= and exp=
 * modifiers (each at most once, §6). Domain specs are kept as unexpanded macro-strings.
 */
public record SpfRecord(List<Directive> directives, Optional<String> redirect, Optional<String> exp) {

    public SpfRecord {
        directives = List.copyOf(directives);
    }

    /** RFC 7208 §4.6.2: the qualifier gives the result when the mechanism matches. */
    public enum Qualifier {
        PASS('+'), FAIL('-'), SOFTFAIL('~'), NEUTRAL('?');

        final char symbol;

        Qualifier(char symbol) {
            this.symbol = symbol;
        }

        static Optional<Qualifier> of(char c) {
            for (Qualifier q : values()) {
                if (q.symbol == c) {
                    return Optional.of(q);
                }
            }
            return Optional.empty();
        }
    }

    /** A qualifier and a mechanism (RFC 7208 §4.6.1 directive). */
    public record Directive(Qualifier qualifier, Mechanism mechanism, String text) {
    }

    /** RFC 7208 §5: the eight mechanisms. An empty domain spec means the current domain. */
    public sealed interface Mechanism {
        /** §5.1 */
        record All() implements Mechanism {
        }

        /** §5.2 */
        record Include(String domainSpec) implements Mechanism {
        }

        /** §5.3 */
        record A(String domainSpec, int prefix4, int prefix6) implements Mechanism {
        }

        /** §5.4 */
        record Mx(String domainSpec, int prefix4, int prefix6) implements Mechanism {
        }

        /** §5.5 */
        record Ptr(String domainSpec) implements Mechanism {
        }

        /** §5.6 */
        record Ip4(byte[] network, int prefix) implements Mechanism {
        }

        /** §5.6 */
        record Ip6(byte[] network, int prefix) implements Mechanism {
        }

        /** §5.7 */
        record Exists(String domainSpec) implements Mechanism {
        }

        /** True for the mechanisms that cost a DNS query under the §4.6.4 limit. */
        default boolean queriesDns() {
            return switch (this) {
                case All a -> false;
                case Ip4 i -> false;
                case Ip6 i -> false;
                case Include i -> true;
                case A a -> true;
                case Mx m -> true;
                case Ptr p -> true;
                case Exists e -> true;
            };
        }
    }

    /** Lower-case name of a mechanism, for results and Received-SPF. */
    static String name(Mechanism m) {
        return m.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
