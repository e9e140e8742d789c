package dev.facteur.store.sql;

import dev.facteur.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies the schema migrations {@code migrations/V1.sql, V2.sql, …} (resources beside this
 * class) that the database has not seen yet, each in its own transaction, recording them in
 * {@code schema_version}. Placeholders {@code ${name}} are filled in by the {@link Dialect}.
 */
public final class Migrations {
    private static final String PREFIX = "migrations/V";

    private Migrations() {}

    /** Applies pending migrations; returns the schema version afterwards. */
    public static int apply(Database db, InstantSource clock) {
        db.write(tx -> {
            tx.dialect().lockForMigration(tx.connection());
            tx.sql("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied BIGINT NOT NULL)")
                    .update();
            return null;
        });
        int version = 0;
        for (int next = 1; ; next++) {
            String script = load(next);
            if (script == null) {
                return version;
            }
            int target = next;
            db.write(tx -> {
                tx.dialect().lockForMigration(tx.connection());
                long current = tx.sql("SELECT COALESCE(MAX(version), 0) FROM schema_version").longValue();
                if (current >= target) {
                    return null;
                }
                for (String statement : statements(fill(script, tx.dialect().migrationPlaceholders()))) {
                    tx.sql(statement).update();
                }
                tx.sql("INSERT INTO schema_version (version, applied) VALUES (?, ?)")
                        .bind(target, clock.millis()).update();
                return null;
            });
            version = next;
        }
    }

    private static String load(int version) {
        try (InputStream in = Migrations.class.getResourceAsStream(PREFIX + version + ".sql")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read migration " + version, e);
        }
    }

    static String fill(String script, Map<String, String> placeholders) {
        String out = script;
        for (Map.Entry<String, String> e : placeholders.entrySet()) {
            out = out.replace("${" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    /** Splits a script into statements at semicolons ending a line; drops {@code --} comment lines. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String s = current.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

}
