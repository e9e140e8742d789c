package dev.facteur.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key/value settings, for every backend. */
public interface SettingsContract extends StoreContract {

    @Test
    default void settingsArePutReplacedListedByPrefixAndRemoved() {
        Settings s = store().settings();
        s.put("dkim.a.test", "key1");
        s.put("dkim.a.test", "key2");
        s.put("dkim.b.test", "key3");
        s.put("srs.secret", "s");
        assertThat(s.get("dkim.a.test")).contains("key2");
        assertThat(s.withPrefix("dkim.")).containsExactly(Map.entry("dkim.a.test", "key2"), Map.entry("dkim.b.test", "key3"));
        s.remove("dkim.a.test");
        assertThat(s.get("dkim.a.test")).isEmpty();
    }
}
