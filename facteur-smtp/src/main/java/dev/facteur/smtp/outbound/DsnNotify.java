package dev.facteur.smtp.outbound;

import dev.facteur.store.OutboundRecipient;
import java.util.Locale;
import java.util.Optional;

/**
 * RFC 3461 §4.1 NOTIFY of one recipient. Absent means FAILURE and DELAY, as RFC 3461 §4.1 lets the
 * MTA choose and most do.
 */
record DsnNotify(boolean success, boolean failure, boolean delay) {

    static DsnNotify of(OutboundRecipient r) {
        return parse(r.notifyOn());
    }

    static DsnNotify parse(Optional<String> notify) {
        if (notify.isEmpty()) {
            return new DsnNotify(false, true, true);
        }
        boolean s = false, f = false, d = false;
        for (String word : notify.get().toUpperCase(Locale.ROOT).split(",")) {
            switch (word.strip()) {
                case "SUCCESS" -> s = true;
                case "FAILURE" -> f = true;
                case "DELAY" -> d = true;
                default -> { } // NEVER, or unknown: nothing
            }
        }
        return new DsnNotify(s, f, d);
    }
}
