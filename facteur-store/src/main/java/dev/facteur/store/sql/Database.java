package dev.facteur.store.sql;

/**
 * Runs units of work in transactions. {@link #write} returns only once its transaction is
 * committed durably; {@link #read} sees a consistent snapshot of committed data.
 * A unit of work must not call back into the database (the SQLite writer would deadlock).
 */
public interface Database extends AutoCloseable {

    <T> T write(Work<T> work);

    <T> T read(Work<T> work);

    /**
     * Runs a unit made of one statement, which is atomic on its own: an implementation may skip
     * opening and ending a transaction around it (per-message reads, such as a blob's bytes).
     */
    default <T> T readStatement(Work<T> work) {
        return read(work);
    }

    Dialect dialect();

    /** Closes connections without waiting for queued writes (used to simulate a crash in tests). */
    void abandon();

    @Override
    void close();
}
