package dev.facteur.pop3.server;

import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.store.Store;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The collaborators a POP3 server uses, all shared with the other protocols except the locks.
 *
 * @param sasl the mechanisms and credential checks shared with SMTP AUTH and IMAP AUTHENTICATE;
 *             USER/PASS goes through its PLAIN mechanism
 * @param throttle the per-address authentication failure throttle shared with SMTP and IMAP
 * @param store accounts (directory), the INBOX and its messages, and their bytes
 * @param locks one POP3 session per maildrop
 * @param apop APOP secrets; empty (the normal case) means APOP is neither offered nor accepted
 * @param clock for LOGIN-DELAY and the APOP timestamp
 */
public record Pop3Services(SaslAuthenticator sasl, AuthThrottle throttle, Store store, MaildropLocks locks,
                           Optional<ApopSecrets> apop, InstantSource clock) {}
