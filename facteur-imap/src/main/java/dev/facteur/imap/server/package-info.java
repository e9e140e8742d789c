/**
 * The IMAP server: sessions over a {@code dev.facteur.core.net} connection, one virtual thread
 * each, driving the store.
 *
 * <p>RFCs: RFC 9051 (IMAP4rev2) and RFC 3501 (IMAP4rev1); RFC 2177 IDLE, RFC 2342 NAMESPACE,
 * RFC 2971 ID, RFC 3348 CHILDREN, RFC 3502 MULTIAPPEND, RFC 3516 BINARY, RFC 3691 UNSELECT,
 * RFC 4315 UIDPLUS, RFC 4731 ESEARCH, RFC 4959 SASL-IR, RFC 5032 WITHIN, RFC 5161 ENABLE,
 * RFC 5182 SEARCHRES, RFC 5256 SORT/THREAD, RFC 5258 LIST-EXTENDED, RFC 5819 LIST-STATUS,
 * RFC 6154 SPECIAL-USE, RFC 6851 MOVE, RFC 6855 UTF8=ACCEPT, RFC 7162 CONDSTORE/QRESYNC,
 * RFC 7888 LITERAL+, RFC 7889 APPENDLIMIT, RFC 8438 STATUS=SIZE, RFC 8474 OBJECTID,
 * RFC 8514 SAVEDATE, RFC 9208 QUOTA, RFC 4978 COMPRESS=DEFLATE.
 *
 * <p>Invariants: each session has its own sequence-number map ({@link
 * dev.facteur.imap.server.MailboxView}) that learns of other sessions' changes only through the
 * store's change log, at the points RFC 9051 §7 allows; EXPUNGE is never sent while answering
 * FETCH, STORE or SEARCH (RFC 9051 §7.5.1). Which command is allowed in which state is declared
 * once ({@link dev.facteur.imap.server.CommandRules}). Replies to a command go out in one flush.
 * Exception text never reaches a client. FETCH of top-level header sections is answered from
 * the header octets cached at APPEND (one store query per 256 messages, no blob read); an idle
 * session is one virtual thread parked in a socket read (IDLE updates are written by a thread
 * started per change), 512-octet connection buffers, a small response buffer, and for its
 * selected mailbox UID, MODSEQ and shared flags per message; rows are read when a command needs
 * them. A NOOP or IDLE with nothing new asks the store nothing ({@link
 * dev.facteur.imap.server.LocalChanges}, change events). \Recent (RFC 3501
 * §2.3.2) exists only for IMAP4rev1 sessions and only in memory ({@link
 * dev.facteur.imap.server.RecentClaims}): the first read-write SELECT after a message arrives
 * gets it; it is never stored as a flag.
 */
@NullMarked
package dev.facteur.imap.server;

import org.jspecify.annotations.NullMarked;
