package dev.facteur.auth.dkim;

/**
 * The result of checking one DKIM signature, in RFC 8601 §2.7.1 terms, with the signature's
 * identifiers for the Authentication-Results header and the cause when it did not pass.
 */
public sealed interface DkimResult {

    /** Identifiers of a signature: d=, s=, i=, the first characters of b= (RFC 6008) and a=. */
    record Info(String domain, String selector, String identity, String bPrefix, String algorithm) {
        public static final Info UNKNOWN = new Info("", "", "", "", "");
    }

    Info info();

    /** The signature verified. {@code testing} reports t=y on the key (RFC 6376 §3.6.1). */
    record Pass(Info info, int keyBits, boolean testing) implements DkimResult {
    }

    /** The signature did not verify (body hash or signature mismatch, expired, key refused by t=s). */
    record Fail(Info info, String cause) implements DkimResult {
    }

    /** The signature could not be evaluated and carries no verdict (RFC 8601 §2.7.1 neutral). */
    record Neutral(Info info, String cause) implements DkimResult {
    }

    /** A transient failure fetching the key. */
    record TempError(Info info, String cause) implements DkimResult {
    }

    /** A permanent error: malformed signature or key, missing or revoked key, refused algorithm. */
    record PermError(Info info, String cause) implements DkimResult {
    }

    /** RFC 8601 §2.7.1 result keyword. */
    default String keyword() {
        return switch (this) {
            case Pass p -> "pass";
            case Fail f -> "fail";
            case Neutral n -> "neutral";
            case TempError t -> "temperror";
            case PermError p -> "permerror";
        };
    }

    default String cause() {
        return switch (this) {
            case Pass p -> "";
            case Fail f -> f.cause();
            case Neutral n -> n.cause();
            case TempError t -> t.cause();
            case PermError p -> p.cause();
        };
    }
}
