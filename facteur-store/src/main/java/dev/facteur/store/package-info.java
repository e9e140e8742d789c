/**
 * The store: interfaces every protocol uses, with SQLite and PostgreSQL implementations
 * in sub-packages. Invariants: a method that returns has made its change durable; UIDs in a
 * mailbox strictly ascend and are never reused; UIDVALIDITY never changes for a mailbox;
 * every change raises the mailbox's HIGHESTMODSEQ and is recorded in the change log.
 */
@NullMarked
package dev.facteur.store;

import org.jspecify.annotations.NullMarked;
