package dev.facteur.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A small fluent wrapper over a prepared statement: bind, then query or update. */
public final class Sql {

    /** A typed SQL NULL (PostgreSQL needs the type of a null parameter). */
    public record Null(int sqlType) {
        public static final Null TEXT = new Null(Types.VARCHAR);
        public static final Null BIGINT = new Null(Types.BIGINT);
    }

    /** Maps the current row of a result set to a value. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    private final String statement;
    private final List<Object> params = new ArrayList<>();

    Sql(Connection connection, String statement) {
        this.connection = connection;
        this.statement = statement;
    }

    public Sql bind(Object... values) {
        params.addAll(List.of(values));
        return this;
    }

    public static Object text(Optional<String> value) {
        return value.<Object>map(v -> v).orElse(Null.TEXT);
    }

    public int update() throws SQLException {
        try (PreparedStatement ps = prepare()) {
            return ps.executeUpdate();
        }
    }

    /** Runs the statement once per row of parameters, in one JDBC batch. */
    public void batch(List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(statement)) {
            for (Object[] row : rows) {
                bindAll(ps, List.of(row));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public <T> List<T> list(Row<T> row) throws SQLException {
        try (PreparedStatement ps = prepare(); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.map(rs));
            }
            return out;
        }
    }

    public <T> Optional<T> one(Row<T> row) throws SQLException {
        try (PreparedStatement ps = prepare(); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
        }
    }

    public OptionalLong oneLong() throws SQLException {
        try (PreparedStatement ps = prepare(); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return OptionalLong.empty();
            }
            long v = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
        }
    }

    /** Runs a query that must return one number (a count, a sum, a RETURNING id). */
    public long longValue() throws SQLException {
        return oneLong().orElseThrow(() -> new SQLException("no value from: " + statement));
    }

    public boolean exists() throws SQLException {
        try (PreparedStatement ps = prepare(); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private PreparedStatement prepare() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(statement);
        try {
            bindAll(ps, params);
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static void bindAll(PreparedStatement ps, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            switch (values.get(i)) {
                case Null n -> ps.setNull(i + 1, n.sqlType());
                case Boolean b -> ps.setInt(i + 1, b ? 1 : 0);
                case Object o -> ps.setObject(i + 1, o);
            }
        }
    }
}
