package dev.facteur.store;

import java.util.Map;
import java.util.Optional;

/** Small named values the server keeps in the store (DKIM keys, SRS secrets, report state). */
public interface Settings {
    Optional<String> get(String key);

    void put(String key, String value);

    void remove(String key);

    /** All entries whose key starts with {@code prefix}. */
    Map<String, String> withPrefix(String prefix);
}
