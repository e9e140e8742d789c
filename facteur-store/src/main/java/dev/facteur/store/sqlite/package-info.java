/**
 * The embedded SQLite backend: WAL mode, {@code synchronous=FULL}, one writer thread that
 * commits queued units of work together (group commit), a small bounded pool of readers
 * (the driver is native and pins virtual threads while in a call).
 */
@NullMarked
package dev.facteur.store.sqlite;

import org.jspecify.annotations.NullMarked;
