package dev.facteur.auth;

import dev.facteur.auth.arc.ArcResult;
import dev.facteur.auth.arc.ArcVerifier;
import dev.facteur.auth.dkim.DkimResult;
import dev.facteur.auth.dkim.DkimVerifier;
import dev.facteur.auth.dmarc.Disposition;
import dev.facteur.auth.dmarc.DmarcResult;
import dev.facteur.auth.dmarc.DmarcVerifier;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.message.MailMessage;
import dev.facteur.auth.results.AuthenticationResults;
import dev.facteur.auth.results.ForgedResultsFilter;
import dev.facteur.auth.spf.SpfResult;
import dev.facteur.auth.spf.SpfVerifier;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Inbound authentication as the SMTP server runs it: {@link #checkSpf} at MAIL FROM (HELO and MAIL
 * FROM identities, RFC 7208 §2.3-2.4), then {@link #authenticate} after DATA on the raw octets: DKIM
 * (RFC 6376), ARC (RFC 8617), DMARC (RFC 9989) and one Authentication-Results field (RFC 8601).
 * Thread-safe; one instance per server.
 */
public final class MessageAuthenticator {

    private final String authservId;
    private final SpfVerifier spf;
    private final DkimVerifier dkim;
    private final ArcVerifier arc;
    private final DmarcVerifier dmarc;
    private final ForgedResultsFilter forged;

    /**
     * @param dns        the resolver
     * @param authservId this server's host name, used as the authserv-id (RFC 8601 §2.5)
     * @param clock      time for DKIM expiry and SPF macros
     */
    public MessageAuthenticator(DnsResolver dns, String authservId, InstantSource clock) {
        this(dns, authservId, clock, DkimVerifier.Options.defaults());
    }

    public MessageAuthenticator(DnsResolver dns, String authservId, InstantSource clock, DkimVerifier.Options dkimOptions) {
        this.authservId = authservId;
        this.spf = new SpfVerifier(dns, authservId, clock);
        this.dkim = new DkimVerifier(dns, clock, dkimOptions);
        this.arc = new ArcVerifier(dns);
        this.dmarc = new DmarcVerifier(dns);
        this.forged = new ForgedResultsFilter(authservId);
    }

    /** At MAIL FROM: SPF for HELO and for the reverse-path ({@code ""} for the null path). */
    public SpfCheck checkSpf(InetAddress client, String helo, String mailFrom) {
        SpfResult heloResult = spf.checkHelo(client, helo);
        SpfResult fromResult = mailFrom.isEmpty() ? heloResult : spf.checkMailFrom(client, mailFrom, helo);
        return new SpfCheck(client, helo, mailFrom, heloResult, fromResult);
    }

    /** After DATA: DKIM, ARC and DMARC over the message as received, and the verdict. */
    public AuthVerdict authenticate(SpfCheck spfCheck, byte[] rawMessage) {
        byte[] clean = forged.strip(rawMessage);
        MailMessage m = MailMessage.parse(clean);
        List<DkimResult> dkimResults = dkim.verify(m);
        ArcResult arcResult = arc.verify(m);
        DmarcResult dmarcResult = dmarc.evaluate(m, spfCheck.result(), spfCheck.spfDomain(), dkimResults);
        String header = new AuthenticationResults(authservId)
                .spf(spfCheck.result(), spfCheck.mailFrom(), spfCheck.helo())
                .dkim(dkimResults).dmarc(dmarcResult).arc(arcResult).header();
        List<String> causes = new ArrayList<>();
        causes.add("spf=" + spfCheck.result().keyword() + ": " + spfCheck.result().detail());
        for (DkimResult r : dkimResults) {
            causes.add("dkim=" + r.keyword() + " d=" + r.info().domain() + (r.cause().isEmpty() ? "" : ": " + r.cause()));
        }
        causes.add("arc=" + arcResult.keyword() + (arcResult instanceof ArcResult.Fail f ? ": " + f.cause() : ""));
        causes.add("dmarc=" + dmarcResult.keyword() + (dmarcResult instanceof DmarcResult.Fail f ? ": " + f.cause()
                + ", policy " + f.applied().keyword() : ""));
        Disposition disposition = dmarcResult.disposition();
        return new AuthVerdict(header, disposition, spfCheck, dkimResults, arcResult, dmarcResult, causes, clean);
    }
}
