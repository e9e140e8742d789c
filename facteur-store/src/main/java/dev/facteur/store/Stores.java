package dev.facteur.store;

import dev.facteur.store.postgres.PostgresStores;
import dev.facteur.store.sqlite.SqliteStores;
import java.time.InstantSource;

/** Opens the store the settings describe, applying pending schema migrations first. */
public final class Stores {
    private Stores() {}

    public static Store open(StoreSettings settings) {
        return open(settings, InstantSource.system());
    }

    public static Store open(StoreSettings settings, InstantSource clock) {
        return switch (settings.backend()) {
            case StoreSettings.Sqlite s -> SqliteStores.open(settings, s, clock);
            case StoreSettings.Postgres p -> PostgresStores.open(settings, p, clock);
        };
    }
}
