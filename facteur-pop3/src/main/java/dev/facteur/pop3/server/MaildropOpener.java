package dev.facteur.pop3.server;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.pop3.proto.Pop3Response.Status;
import dev.facteur.pop3.proto.ResponseCode;
import dev.facteur.store.Account;
import dev.facteur.store.Mailbox;
import dev.facteur.store.MessageRecord;
import dev.facteur.store.Store;
import dev.facteur.store.StoreException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns an authenticated account name into a locked maildrop snapshot, or the reason why not. */
final class MaildropOpener {
    private static final Logger LOG = LoggerFactory.getLogger(MaildropOpener.class);

    private final Store store;
    private final MaildropLocks locks;
    private final LoginDelays delays;
    private final WireSizes sizes;

    MaildropOpener(Store store, MaildropLocks locks, LoginDelays delays, WireSizes sizes) {
        this.store = store;
        this.locks = locks;
        this.delays = delays;
        this.sizes = sizes;
    }

    /** The maildrop of {@code accountName}, locked for this session. */
    Maildrop open(String accountName) throws Pop3CommandFailed {
        Account account = account(accountName);
        Mailbox inbox;
        try {
            inbox = store.mailboxes().find(account.id(), Mailbox.INBOX)
                    .orElseThrow(() -> new Pop3CommandFailed(Status.err(ResponseCode.SYS_PERM, "no INBOX")));
        } catch (StoreException e) {
            throw storeFailure(e, accountName);
        }
        MaildropLocks.Lease lease;
        try {
            lease = locks.tryLock(inbox.id()).orElseThrow(() ->
                    // RFC 2449 §8.1.2: another session (in any process on this store) holds the maildrop
                    new Pop3CommandFailed(Status.err(ResponseCode.IN_USE, "maildrop already locked by another session")));
        } catch (StoreException e) {
            throw storeFailure(e, accountName);
        }
        try {
            if (!delays.tryLogin(account.id())) {
                // RFC 2449 §8.1.1: logged in sooner than LOGIN-DELAY allows
                throw new Pop3CommandFailed(Status.err(ResponseCode.LOGIN_DELAY,
                        "wait " + delays.seconds() + " seconds between logins"));
            }
            // RFC 1939 §5: the maildrop is fixed at login; later arrivals wait for the next session
            List<MessageRecord> messages = store.mailboxes().messages(inbox.id());
            return new Maildrop(account.address().canonical(), inbox, messages, octets(messages), lease);
        } catch (StoreException e) {
            lease.close();
            throw storeFailure(e, accountName);
        } catch (Pop3CommandFailed | RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** Each message's size on the wire; the stored size for a message whose bytes cannot be read. */
    private long[] octets(List<MessageRecord> messages) {
        long[] out = new long[messages.size()];
        for (int i = 0; i < out.length; i++) {
            MessageRecord m = messages.get(i);
            try {
                out[i] = sizes.of(m);
            } catch (IOException e) {
                // RETR of it will answer -ERR [SYS/TEMP]; the listing shows what the store recorded.
                LOG.atWarn().addKeyValue("blob", m.blob().hex()).setCause(e).log("message bytes unreadable at login");
                out[i] = m.size();
            }
        }
        return out;
    }

    private Account account(String accountName) throws Pop3CommandFailed {
        Optional<Account> account;
        try {
            account = store.directory().findAccount(EmailAddress.parse(accountName));
        } catch (IllegalArgumentException e) {
            account = Optional.empty();
        } catch (StoreException e) {
            throw storeFailure(e, accountName);
        }
        if (account.isEmpty()) {
            // The credentials were good but no mailbox stands behind them (e.g. removed meanwhile).
            throw new Pop3CommandFailed(Status.err(ResponseCode.SYS_PERM, "no maildrop for this account"));
        }
        if (account.get().disabled()) {
            throw new Pop3CommandFailed(Status.err(ResponseCode.SYS_PERM, "account disabled"));
        }
        return account.get();
    }

    private static Pop3CommandFailed storeFailure(StoreException e, String account) {
        LOG.atError().addKeyValue("account", account).setCause(e).log("cannot open maildrop");
        return new Pop3CommandFailed(Status.err(ResponseCode.SYS_TEMP, "maildrop unavailable, try again later"));
    }
}
