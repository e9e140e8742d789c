package dev.facteur.server.cli;

import dev.facteur.auth.DnsRecordTexts;
import dev.facteur.auth.dmarc.DmarcRecord;
import dev.facteur.core.mail.Domain;
import dev.facteur.smtp.server.auth.DkimKeyStore;
import dev.facteur.smtp.server.auth.DkimKeyStore.StoredKey;
import dev.facteur.store.Store;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code facteur admin dkim generate|rotate|list}: the DKIM keys submission signs with (RFC 6376;
 * an RSA-2048 and an Ed25519 key per domain, RFC 8463 §5), kept in the store, and the TXT records
 * to publish for them. Works while the server runs: the signer notices new keys within its refresh
 * interval.
 */
@Command(name = "dkim", mixinStandardHelpOptions = true,
        description = "Create, rotate and list the DKIM keys of a domain and print their DNS records.")
public final class DkimCommand implements Runnable {
    @ParentCommand
    AdminCommand admin;

    @Spec
    CommandSpec spec;

    /** The time keys are stamped with; tests replace it. */
    InstantSource clock = InstantSource.system();

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Create an active RSA-2048 and Ed25519 key pair for a domain and print the TXT records.")
    int generate(@Option(names = "--domain", required = true, paramLabel = "DOMAIN") String name,
                 @Option(names = "--selector", paramLabel = "PREFIX",
                         description = "Selector prefix; the keys get PREFIXr (RSA) and PREFIXe (Ed25519). "
                                 + "Default: the month, e.g. 202611.") String selector) {
        Domain d = AdminCommand.domain(name);
        List<StoredKey> made = withDomain(d, keys -> keys.generate(d.name(), Optional.ofNullable(selector), clock.instant()));
        PrintWriter out = spec.commandLine().getOut();
        out.println("created DKIM keys for " + d + ":");
        made.forEach(k -> out.println("  " + describe(k)));
        out.println("publish these DNS records (mail is signed with both keys from now on):");
        made.forEach(k -> out.println("  " + k.dnsRecord().zoneLine()));
        return 0;
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Create a new active key pair; the old keys stay, inactive, for a grace period.")
    int rotate(@Option(names = "--domain", required = true, paramLabel = "DOMAIN") String name) {
        Domain d = AdminCommand.domain(name);
        Instant now = clock.instant();
        DkimKeyStore.Rotation r = withDomain(d, keys -> keys.rotate(d.name(), now));
        PrintWriter out = spec.commandLine().getOut();
        out.println("created DKIM keys for " + d + ":");
        r.created().forEach(k -> out.println("  " + describe(k)));
        out.println("publish these DNS records now; signing uses them from the next few seconds:");
        r.created().forEach(k -> out.println("  " + k.dnsRecord().zoneLine()));
        if (!r.retired().isEmpty()) {
            // RFC 6376 §3.6.1: a verifier fetches the key when the message arrives, possibly days after signing.
            out.println("retired (keep their DNS records until " + now.plus(DkimKeyStore.GRACE) + "):");
            r.retired().forEach(k -> out.println("  " + describe(k)));
        }
        if (!r.removed().isEmpty()) {
            out.println("removed (delete their DNS records):");
            r.removed().forEach(k -> out.println("  " + k.dnsRecord().name()));
        }
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List DKIM keys: selector, algorithm, created, active, and the TXT record.")
    int list(@Option(names = "--domain", paramLabel = "DOMAIN") String name) {
        Optional<Domain> d = Optional.ofNullable(name).map(AdminCommand::domain);
        List<StoredKey> keys = d.isPresent()
                ? withDomain(d.get(), k -> k.keys(d.get().name()))
                : admin.withStore(s -> new DkimKeyStore(s.settings()).all());
        PrintWriter out = spec.commandLine().getOut();
        if (keys.isEmpty()) {
            out.println("no DKIM keys" + d.map(x -> " for " + x).orElse("") + "; create them with: facteur admin dkim generate --domain "
                    + d.map(Domain::toString).orElse("DOMAIN"));
            return 0;
        }
        for (StoredKey k : keys) {
            out.println(k.domain() + "  " + describe(k));
            out.println("  " + k.dnsRecord().zoneLine());
        }
        return 0;
    }

    /**
     * The DNS lines {@code facteur init} prints for mail authentication: the DMARC record and how to
     * get the DKIM records (keys live in the store, which {@code init} does not open).
     */
    public static List<String> initRecords(Domain domain) {
        List<String> lines = new ArrayList<>();
        // RFC 9989 §4.7: p=quarantine with aggregate reports (rua) to postmaster. Facteur signs all mail it
        // submits, so aligned DKIM holds from the first day; a domain that also sends through other services
        // should start at p=none and tighten once the reports show all its mail aligned.
        lines.add(DnsRecordTexts.dmarc(domain.name(), DmarcRecord.Policy.QUARANTINE, List.of("postmaster@" + domain.name()))
                .zoneLine());
        lines.add("; DKIM: after \"facteur admin domain add " + domain + "\", run \"facteur admin dkim generate --domain "
                + domain + "\" and publish the two TXT records it prints.");
        return lines;
    }

    private static String describe(StoredKey k) {
        return String.format("%-12s %-15s created %s  %s", k.selector(), k.algorithm().keyword(), k.created(),
                k.retired().map(r -> "inactive since " + r).orElse("active"));
    }

    private interface KeyAction<T> {
        T apply(DkimKeyStore keys);
    }

    /** Runs the action on the store's keys once the domain is known to be hosted here. */
    private <T> T withDomain(Domain d, KeyAction<T> action) {
        return admin.withStore((Store s) -> {
            if (s.directory().findDomain(d).isEmpty()) {
                throw new UserException("unknown domain " + d + "; add it first with: facteur admin domain add " + d);
            }
            try {
                return action.apply(new DkimKeyStore(s.settings()));
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        });
    }
}
