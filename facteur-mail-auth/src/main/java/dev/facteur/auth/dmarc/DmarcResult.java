package dev.facteur.auth.dmarc;

/** The DMARC evaluation of a message (RFC 9989 §4.8, RFC 8601 §2.7.8), with what Facteur does about it. */
public sealed interface DmarcResult {

    /** The author domain, when it could be determined. */
    String fromDomain();

    /** No policy was found, or the message has no usable From domain. */
    record None(String fromDomain, String reason) implements DmarcResult {
    }

    /** An aligned SPF or DKIM pass. */
    record Pass(String fromDomain, DmarcDiscovery.Found policy, boolean dkimAligned, boolean spfAligned) implements DmarcResult {
    }

    /** No aligned pass; {@code applied} is the policy that governs, {@code disposition} what we do. */
    record Fail(String fromDomain, DmarcDiscovery.Found policy, DmarcRecord.Policy applied, Disposition disposition,
                String cause) implements DmarcResult {
    }

    /** A DNS failure during discovery. */
    record TempError(String fromDomain, String cause) implements DmarcResult {
    }

    /** The From header could not be evaluated (several authors from different domains, none, or malformed). */
    record PermError(String fromDomain, String cause) implements DmarcResult {
    }

    default String keyword() {
        return switch (this) {
            case None n -> "none";
            case Pass p -> "pass";
            case Fail f -> "fail";
            case TempError t -> "temperror";
            case PermError p -> "permerror";
        };
    }

    /** The disposition: only a failure under quarantine or reject changes delivery. */
    default Disposition disposition() {
        return switch (this) {
            case Fail f -> f.disposition();
            case None n -> Disposition.DELIVER;
            case Pass p -> Disposition.DELIVER;
            case TempError t -> Disposition.DELIVER;
            case PermError p -> Disposition.DELIVER;
        };
    }
}
