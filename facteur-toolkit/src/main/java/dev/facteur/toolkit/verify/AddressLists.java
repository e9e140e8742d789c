package dev.facteur.toolkit.verify;

import dev.facteur.core.mail.EmailAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The shipped lists that classify an address: disposable domains, role local parts and free
 * providers (resources next to this class; each file says its source and how to update it).
 */
public final class AddressLists {

    private final Set<String> disposable;
    private final Set<String> roles;
    private final Set<String> free;

    public AddressLists(Set<String> disposable, Set<String> roles, Set<String> free) {
        this.disposable = Set.copyOf(disposable);
        this.roles = Set.copyOf(roles);
        this.free = Set.copyOf(free);
    }

    /** The lists shipped with the toolkit. */
    public static AddressLists shipped() {
        return Holder.SHIPPED;
    }

    private static final class Holder {
        static final AddressLists SHIPPED = new AddressLists(load("disposable-domains.txt"),
                load("role-local-parts.txt"), load("free-providers.txt"));
    }

    private static Set<String> load(String resource) {
        try (InputStream in = AddressLists.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing list resource " + resource);
            }
            Set<String> out = new HashSet<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String t = line.strip().toLowerCase(Locale.ROOT);
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(t);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True if the domain or one of its parents is a disposable-mail domain. */
    public boolean disposable(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        while (true) {
            if (disposable.contains(d)) {
                return true;
            }
            int dot = d.indexOf('.');
            if (dot < 0) {
                return false;
            }
            d = d.substring(dot + 1);
        }
    }

    /** True if the local part (without a {@code +tag}) names a role, as RFC 2142 lists them. */
    public boolean role(EmailAddress address) {
        String local = address.localPart().toLowerCase(Locale.ROOT);
        int plus = local.indexOf('+');
        return roles.contains(plus > 0 ? local.substring(0, plus) : local);
    }

    public boolean freeProvider(String domain) {
        return free.contains(domain.toLowerCase(Locale.ROOT));
    }

    public int disposableCount() {
        return disposable.size();
    }
}
