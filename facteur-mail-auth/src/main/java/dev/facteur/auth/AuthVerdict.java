package dev.facteur.auth;

import dev.facteur.auth.arc.ArcResult;
import dev.facteur.auth.dkim.DkimResult;
import dev.facteur.auth.dmarc.Disposition;
import dev.facteur.auth.dmarc.DmarcResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Everything inbound authentication decided about one message: the Authentication-Results field to
 * prepend, the disposition (deliver, Junk, or 550 5.7.1 at end of DATA), each method's result and
 * the causes in words for logs.
 */
public record AuthVerdict(String authenticationResultsHeader, Disposition disposition, SpfCheck spf,
                          List<DkimResult> dkim, ArcResult arc, DmarcResult dmarc, List<String> causes,
                          byte[] sanitisedMessage) {

    public AuthVerdict {
        dkim = List.copyOf(dkim);
        causes = List.copyOf(causes);
    }

    /** The SMTP reply for a rejection (RFC 9989 §5.3 "reject": refuse during the transaction). */
    public Optional<String> rejection() {
        return disposition == Disposition.REJECT ? Optional.of(Disposition.REJECT_REPLY) : Optional.empty();
    }

    /** True when the message goes to the recipient's Junk mailbox (quarantine). */
    public boolean deliverToJunk() {
        return disposition == Disposition.QUARANTINE;
    }

    /**
     * The octets to store: our Authentication-Results field on top of the message with forged fields
     * claiming our authserv-id removed (RFC 8601 §5). Nothing else is re-serialised.
     */
    public byte[] messageToStore() {
        byte[] header = authenticationResultsHeader.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[header.length + sanitisedMessage.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(sanitisedMessage, 0, out, header.length, sanitisedMessage.length);
        return out;
    }
}
