package dev.facteur.toolkit.verify;

import java.util.List;

/**
 * The verdict on one address with its reason, the address's classification and the evidence.
 *
 * @param input the address as given (for bulk runs, the cell as read)
 * @param address the parsed address in SMTP form, or empty when the syntax was invalid
 */
public record VerificationResult(String input, String address, Verdict verdict, Reason reason, boolean disposable,
        boolean role, boolean freeProvider, boolean catchAll, List<Evidence> evidence) {

    public VerificationResult {
        evidence = List.copyOf(evidence);
        if (reason.verdict() != verdict) {
            throw new IllegalArgumentException("reason " + reason + " does not belong to verdict " + verdict);
        }
    }
}
