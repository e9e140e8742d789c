/**
 * The SQL store shared by SQLite and PostgreSQL: one schema (versioned migrations under
 * {@code resources/dev/facteur/store/sql/migrations}, recorded in {@code schema_version}),
 * portable SQL, and a {@link dev.facteur.store.sql.Dialect} per backend for what differs.
 * Invariants: a message row, its mailbox's UIDNEXT and HIGHESTMODSEQ, and its change-log row
 * change in one transaction (RFC 9051 §2.3.1.1, RFC 7162 §3.1); change events are published
 * only after commit; a unit of work never calls back into the database. Message bytes of at most
 * the inline limit are rows of {@code blobs} ({@link dev.facteur.store.sql.TieredBlobStore}),
 * inserted by {@link dev.facteur.store.sql.SqlStore#deliver} in the same transaction as the rows
 * that point at them: neither is ever durable or visible without the other.
 */
@NullMarked
package dev.facteur.store.sql;

import org.jspecify.annotations.NullMarked;
