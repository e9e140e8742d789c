package dev.facteur.auth.arc;

/** The chain validation status of RFC 8617 §4.4 (cv=), with the cause of a failure. */
public sealed interface ArcResult {

    /** No ARC sets in the message. */
    record None() implements ArcResult {
    }

    /** Every set is well formed, the latest AMS verifies and every AS verifies. {@code instances} sets. */
    record Pass(int instances, String sealerDomain) implements ArcResult {
    }

    /** The chain is broken; {@code instances} is the highest instance seen (0 if none parsed). */
    record Fail(int instances, String cause) implements ArcResult {
    }

    /** The cv= value and RFC 8601 arc= result keyword. */
    default String keyword() {
        return switch (this) {
            case None n -> "none";
            case Pass p -> "pass";
            case Fail f -> "fail";
        };
    }
}
