package dev.facteur.store.sql;

import dev.facteur.store.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@link Settings} as rows of the {@code settings} table. */
public final class SqlSettings implements Settings {
    private final Database db;

    public SqlSettings(Database db) {
        this.db = db;
    }

    @Override
    public Optional<String> get(String key) {
        return db.read(tx -> tx.sql("SELECT value FROM settings WHERE name = ?").bind(key).one(rs -> rs.getString(1)));
    }

    @Override
    public void put(String key, String value) {
        db.write(tx -> tx.sql("INSERT INTO settings (name, value) VALUES (?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET value = excluded.value").bind(key, value).update());
    }

    @Override
    public void remove(String key) {
        db.write(tx -> tx.sql("DELETE FROM settings WHERE name = ?").bind(key).update());
    }

    @Override
    public Map<String, String> withPrefix(String prefix) {
        return db.read(tx -> {
            Map<String, String> out = new LinkedHashMap<>();
            // Filtered here rather than with LIKE, whose wildcards and collation differ between backends.
            for (String[] kv : tx.sql("SELECT name, value FROM settings ORDER BY name")
                    .list(rs -> new String[] {rs.getString(1), rs.getString(2)})) {
                if (kv[0].startsWith(prefix)) {
                    out.put(kv[0], kv[1]);
                }
            }
            return out;
        });
    }
}
