/**
 * The store: interfaces every protocol uses, with SQLite and PostgreSQL implementations
 * in sub-packages. Invariants: a method that returns has made its change durable; UIDs in a
 * mailbox strictly ascend and are never reused; UIDVALIDITY never changes for a mailbox;
 * every change raises the mailbox's HIGHESTMODSEQ and is recorded in the change log; a message or
 * queue row never points at bytes that are not durable ({@link dev.facteur.store.Store#deliver}
 * commits both together; {@link dev.facteur.store.BlobStore#put} makes bytes durable before the
 * caller's row).
 */
@NullMarked
package dev.facteur.store;

import org.jspecify.annotations.NullMarked;
