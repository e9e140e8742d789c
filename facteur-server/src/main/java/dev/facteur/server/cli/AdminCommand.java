package dev.facteur.server.cli;

import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.server.StoreAccess;
import dev.facteur.store.Account;
import dev.facteur.store.Alias;
import dev.facteur.store.AliasSource;
import dev.facteur.store.DomainRecord;
import dev.facteur.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code facteur admin}: domains, accounts, aliases and quotas. Works while {@code serve}
 * runs: changes go to the store, which the server reads live.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Manage domains, accounts, aliases and quotas (also while the server runs).",
        subcommands = {AdminCommand.Domains.class, AdminCommand.Accounts.class, AdminCommand.Aliases.class,
                AdminCommand.Quota.class, DkimCommand.class})
public final class AdminCommand implements Runnable {
    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration file (TOML). Default: the embedded configuration (data under ./data).")
    Path configFile;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A change to the store, made by an admin subcommand. */
    interface Change {
        void apply(Store store);
    }

    /** Makes one change, then prints what was done; the exit status is 0 (a failure throws). */
    int change(Change change, CommandLine commandLine, String done) {
        withStore(s -> {
            change.apply(s);
            return null;
        });
        commandLine.getOut().println(done);
        return 0;
    }

    <T> T withStore(Function<Store, T> action) {
        try (Store store = StoreAccess.open(ConfigOption.load(Optional.ofNullable(configFile)))) {
            return action.apply(store);
        }
    }

    static Domain domain(String text) {
        try {
            return Domain.of(text);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    static EmailAddress address(String text) {
        try {
            return EmailAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    @Command(name = "domain", mixinStandardHelpOptions = true, description = "Add, list and remove domains.")
    static final class Domains {
        @picocli.CommandLine.ParentCommand
        AdminCommand admin;

        @Spec
        CommandSpec spec;

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Receive mail for a domain.")
        int add(@Parameters(paramLabel = "DOMAIN") String name) {
            Domain d = domain(name);
            return admin.change(s -> s.directory().addDomain(d), spec.commandLine(), "added domain " + d);
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List domains.")
        int list() {
            List<DomainRecord> domains = admin.withStore(s -> s.directory().domains());
            PrintWriter out = spec.commandLine().getOut();
            domains.forEach(d -> out.println(d.domain()));
            return 0;
        }

        @Command(name = "remove", mixinStandardHelpOptions = true,
                description = "Stop receiving mail for a domain (refused while it has accounts or aliases).")
        int remove(@Parameters(paramLabel = "DOMAIN") String name) {
            Domain d = domain(name);
            return admin.change(s -> s.directory().removeDomain(d), spec.commandLine(), "removed domain " + d);
        }
    }

    @Command(name = "account", mixinStandardHelpOptions = true,
            description = "Add, list and remove accounts; change passwords.")
    static final class Accounts {
        @picocli.CommandLine.ParentCommand
        AdminCommand admin;

        @Spec
        CommandSpec spec;

        @Command(name = "add", mixinStandardHelpOptions = true,
                description = "Create an account with its INBOX, Sent, Drafts, Trash, Junk and Archive.")
        int add(@Parameters(paramLabel = "ADDRESS") String text,
                @Option(names = "--password-stdin", description = "Read the password from one line of stdin.")
                boolean stdin) {
            EmailAddress a = address(text);
            String secret = Passwords.read(stdin, spec.commandLine());
            return admin.change(s -> s.directory().addAccount(a, Passwords.credentials(secret)),
                    spec.commandLine(), "added account " + a);
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts with usage and quota.")
        int list(@Option(names = "--domain", paramLabel = "DOMAIN") String domainName) {
            Optional<Domain> d = Optional.ofNullable(domainName).map(AdminCommand::domain);
            PrintWriter out = spec.commandLine().getOut();
            admin.withStore(s -> {
                for (Account a : s.directory().accounts(d)) {
                    long used = s.directory().usage(a.id());
                    out.printf("%-40s %12s used, quota %s%s%n", a.address(), Sizes.human(used),
                            a.quotaBytes() == 0 ? "unlimited" : Sizes.human(a.quotaBytes()),
                            a.disabled() ? " (disabled)" : "");
                }
                return null;
            });
            return 0;
        }

        @Command(name = "remove", mixinStandardHelpOptions = true,
                description = "Delete an account with all its mailboxes and messages.")
        int remove(@Parameters(paramLabel = "ADDRESS") String text) {
            EmailAddress a = address(text);
            return admin.change(s -> s.directory().removeAccount(a), spec.commandLine(), "removed account " + a);
        }

        @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set an account's password.")
        int passwd(@Parameters(paramLabel = "ADDRESS") String text,
                   @Option(names = "--password-stdin", description = "Read the password from one line of stdin.")
                   boolean stdin) {
            EmailAddress a = address(text);
            String secret = Passwords.read(stdin, spec.commandLine());
            return admin.change(s -> s.directory().setPassword(a, Passwords.credentials(secret)),
                    spec.commandLine(), "password changed for " + a);
        }
    }

    @Command(name = "alias", mixinStandardHelpOptions = true,
            description = "Add, list and remove aliases (user@domain, or @domain for a catch-all).")
    static final class Aliases {
        @picocli.CommandLine.ParentCommand
        AdminCommand admin;

        @Spec
        CommandSpec spec;

        private static AliasSource source(String text) {
            try {
                return AliasSource.parse(text);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        }

        @Command(name = "add", mixinStandardHelpOptions = true,
                description = "Deliver mail for SOURCE to TARGET (a local account or an external address).")
        int add(@Parameters(paramLabel = "SOURCE") String sourceText, @Parameters(paramLabel = "TARGET") String target) {
            AliasSource src = source(sourceText);
            EmailAddress t = address(target);
            return admin.change(s -> s.directory().addAlias(src, t),
                    spec.commandLine(), "added alias " + src + " -> " + t);
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List aliases.")
        int list(@Option(names = "--domain", paramLabel = "DOMAIN") String domainName) {
            Optional<Domain> d = Optional.ofNullable(domainName).map(AdminCommand::domain);
            List<Alias> aliases = admin.withStore(s -> s.directory().aliases(d));
            PrintWriter out = spec.commandLine().getOut();
            for (Alias a : aliases) {
                out.println(a.source() + " -> " + String.join(", ", a.targets().stream().map(Object::toString).toList()));
            }
            return 0;
        }

        @Command(name = "remove", mixinStandardHelpOptions = true,
                description = "Remove one target of an alias, or the whole alias when no target is given.")
        int remove(@Parameters(paramLabel = "SOURCE") String sourceText,
                   @Parameters(paramLabel = "TARGET", arity = "0..1") String target) {
            AliasSource src = source(sourceText);
            Optional<EmailAddress> t = Optional.ofNullable(target).map(AdminCommand::address);
            return admin.change(s -> s.directory().removeAlias(src, t),
                    spec.commandLine(), "removed alias " + src + t.map(x -> " -> " + x).orElse(""));
        }
    }

    @Command(name = "quota", mixinStandardHelpOptions = true, description = "Set storage quotas.")
    static final class Quota {
        @picocli.CommandLine.ParentCommand
        AdminCommand admin;

        @Spec
        CommandSpec spec;

        @Command(name = "set", mixinStandardHelpOptions = true,
                description = "Set an account's quota: a size such as 2GiB or 500MB, or 'unlimited'.")
        int set(@Parameters(paramLabel = "ADDRESS") String text, @Parameters(paramLabel = "SIZE") String size) {
            EmailAddress a = address(text);
            long bytes = Sizes.parse(size);
            return admin.change(s -> s.directory().setQuota(a, bytes),
                    spec.commandLine(), "quota for " + a + " set to "
                    + (bytes == 0 ? "unlimited" : Sizes.human(bytes)));
        }
    }
}
