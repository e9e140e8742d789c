/**
 * The POP3 server: one {@link dev.facteur.pop3.server.Pop3Session} per connection, run by the
 * shared listener ({@code dev.facteur.core.net.TcpListener}) through
 * {@link dev.facteur.pop3.server.Pop3Server}.
 *
 * <p>RFCs: RFC 1939 (states, commands, autologout timer), RFC 2449 (CAPA, response codes),
 * RFC 2595 §4 (STLS), RFC 8314 (implicit TLS on 995), RFC 3206 (SYS and AUTH codes), RFC 5034
 * (AUTH with SASL mechanisms shared with SMTP and IMAP).
 *
 * <p>Invariants: the maildrop is the INBOX as it was at login and does not change during the
 * session; DELE only marks, and only QUIT in the TRANSACTION state removes the marked messages
 * (through {@code MailboxStore.expunge}, so IMAP sessions learn of it from the change log); a
 * dropped or timed-out connection removes nothing; one POP3 session at a time per maildrop
 * (with {@link dev.facteur.pop3.server.StoreMaildropLocks}, across every process on the store:
 * a lease renewed while the session lives, which expires if its process dies; QUIT deletes
 * nothing if the lease was lost);
 * a UIDL is {@code <uidvalidity>.<uid>} of the IMAP message, so it never changes and never
 * repeats; passwords and tokens are never logged, and exception text never reaches a client.
 */
@NullMarked
package dev.facteur.pop3.server;

import org.jspecify.annotations.NullMarked;
