package dev.facteur.auth.spf;

import java.util.Optional;

/** The result of check_host() (RFC 7208 §2.6), with the mechanism or cause behind it. */
public sealed interface SpfResult {

    /** RFC 7208 §2.6.1: no SPF record, or no checkable domain. */
    record None(String reason) implements SpfResult {
    }

    /** RFC 7208 §2.6.2: the record states nothing about the client. */
    record Neutral(String mechanism) implements SpfResult {
    }

    /** RFC 7208 §2.6.3: the client is authorised. */
    record Pass(String mechanism) implements SpfResult {
    }

    /** RFC 7208 §2.6.4: the client is not authorised; explanation from exp= when there was one (§6.2). */
    record Fail(String mechanism, Optional<String> explanation) implements SpfResult {
    }

    /** RFC 7208 §2.6.5: probably not authorised. */
    record SoftFail(String mechanism) implements SpfResult {
    }

    /** RFC 7208 §2.6.6: a transient (generally DNS) error. */
    record TempError(String cause) implements SpfResult {
    }

    /** RFC 7208 §2.6.7: the published records could not be interpreted. */
    record PermError(String cause) implements SpfResult {
    }

    /** The result's name as RFC 7208 §2.6 and RFC 8601 §2.7.2 spell it. */
    default String keyword() {
        return switch (this) {
            case None n -> "none";
            case Neutral n -> "neutral";
            case Pass p -> "pass";
            case Fail f -> "fail";
            case SoftFail s -> "softfail";
            case TempError t -> "temperror";
            case PermError p -> "permerror";
        };
    }

    /** A short text for comments and logs: the mechanism that matched or the cause. */
    default String detail() {
        return switch (this) {
            case None n -> n.reason();
            case Neutral n -> n.mechanism();
            case Pass p -> p.mechanism();
            case Fail f -> f.mechanism();
            case SoftFail s -> s.mechanism();
            case TempError t -> t.cause();
            case PermError p -> p.cause();
        };
    }
}
