package dev.facteur.server;

import dev.facteur.core.config.DatabaseConfig;
import dev.facteur.core.config.FacteurConfig;
import dev.facteur.server.cli.UserException;
import dev.facteur.store.Store;
import dev.facteur.store.StoreException;
import dev.facteur.store.StoreSettings;
import dev.facteur.store.Stores;
import java.io.IOException;
import java.nio.file.Files;

/** Opens the store a configuration describes (used by serve and by the admin commands). */
public final class StoreAccess {
    private StoreAccess() {}

    public static StoreSettings settings(FacteurConfig config) {
        return switch (config.database()) {
            case DatabaseConfig.Sqlite s -> new StoreSettings(config.dataDir(), new StoreSettings.Sqlite(s.file()),
                    StoreSettings.DEFAULT_READERS, StoreSettings.DEFAULT_POOL_SIZE, StoreSettings.DEFAULT_BLOB_GRACE);
            case DatabaseConfig.Postgres p -> new StoreSettings(config.dataDir(),
                    new StoreSettings.Postgres(p.url(), p.user().orElse(""), p.password().orElse("")),
                    StoreSettings.DEFAULT_READERS, p.poolSize(), StoreSettings.DEFAULT_BLOB_GRACE);
        };
    }

    /** Opens the store, creating the data directory; failures become one clear line. */
    public static Store open(FacteurConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UserException("cannot create data directory " + config.dataDir() + ": " + e.getMessage());
        }
        try {
            return Stores.open(settings(config));
        } catch (StoreException e) {
            throw new UserException("cannot open the store (" + config.database() + "): " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
