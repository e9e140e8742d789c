package dev.facteur.imap.server;

import dev.facteur.store.Account;

/** RFC 9051 §3: the session's state; a selected mailbox exists only in {@link Selected}. */
sealed interface SessionState {

    record NotAuthenticated() implements SessionState {}

    record Authenticated(Account account) implements SessionState {}

    record Selected(Account account, MailboxView view, boolean readOnly) implements SessionState {}

    record Logout() implements SessionState {}
}
