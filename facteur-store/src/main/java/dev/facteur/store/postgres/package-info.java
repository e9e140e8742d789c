/**
 * The PostgreSQL backend for clusters: a HikariCP pool with concurrent writers, queue claims
 * with {@code FOR UPDATE SKIP LOCKED}, and change events carried by LISTEN/NOTIFY so that every
 * node sees every node's changes (NOTIFY is sent inside the transaction, so only on commit).
 */
@NullMarked
package dev.facteur.store.postgres;

import org.jspecify.annotations.NullMarked;
