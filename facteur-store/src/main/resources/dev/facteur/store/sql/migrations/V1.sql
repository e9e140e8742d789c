-- Facteur store schema, version 1. ${id} and ${bytes} are filled in per dialect.
-- Times are epoch milliseconds; booleans are 0/1 integers (portable between SQLite and PostgreSQL).

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

CREATE TABLE domains (
    id      ${id},
    name    TEXT NOT NULL UNIQUE,
    created BIGINT NOT NULL
);

CREATE TABLE accounts (
    id            ${id},
    domain_id     BIGINT NOT NULL REFERENCES domains(id),
    canonical     TEXT NOT NULL UNIQUE,
    local_part    TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    quota_bytes   BIGINT NOT NULL DEFAULT 0,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created       BIGINT NOT NULL
);
CREATE INDEX accounts_domain ON accounts(domain_id);

-- One row per (source, target); an alias exists while it has a target.
-- source is the canonical address, or '@domain' for a catch-all.
CREATE TABLE aliases (
    id               ${id},
    domain_id        BIGINT NOT NULL REFERENCES domains(id),
    source           TEXT NOT NULL,
    target           TEXT NOT NULL,
    target_canonical TEXT NOT NULL,
    UNIQUE (source, target_canonical)
);
CREATE INDEX aliases_domain ON aliases(domain_id);
CREATE INDEX aliases_target ON aliases(target_canonical);

CREATE TABLE mailboxes (
    id             ${id},
    account_id     BIGINT NOT NULL REFERENCES accounts(id),
    name           TEXT NOT NULL,
    uid_validity   BIGINT NOT NULL,
    uid_next       BIGINT NOT NULL,
    highest_modseq BIGINT NOT NULL,
    special_use    TEXT,
    created        BIGINT NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE subscriptions (
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    name       TEXT NOT NULL,
    PRIMARY KEY (account_id, name)
);

CREATE TABLE messages (
    mailbox_id    BIGINT NOT NULL REFERENCES mailboxes(id),
    uid           BIGINT NOT NULL,
    account_id    BIGINT NOT NULL,
    modseq        BIGINT NOT NULL,
    flags         TEXT NOT NULL,
    seen          INTEGER NOT NULL,
    internal_date BIGINT NOT NULL,
    save_date     BIGINT NOT NULL,
    size          BIGINT NOT NULL,
    blob          TEXT NOT NULL,
    email_id      TEXT NOT NULL,
    thread_id     TEXT NOT NULL,
    summary       ${bytes} NOT NULL,
    PRIMARY KEY (mailbox_id, uid)
);
CREATE INDEX messages_modseq ON messages(mailbox_id, modseq);
CREATE INDEX messages_account ON messages(account_id);
CREATE INDEX messages_blob ON messages(blob);

-- The change log: A added, F flags, X expunged (RFC 7162 CONDSTORE/QRESYNC).
CREATE TABLE changes (
    mailbox_id BIGINT NOT NULL,
    modseq     BIGINT NOT NULL,
    uid        BIGINT NOT NULL,
    kind       TEXT NOT NULL
);
CREATE INDEX changes_mailbox ON changes(mailbox_id, modseq);

CREATE TABLE threads (
    account_id BIGINT NOT NULL,
    thread_key TEXT NOT NULL,
    thread_id  TEXT NOT NULL,
    PRIMARY KEY (account_id, thread_key)
);

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE queue_messages (
    id           ${id},
    sender       TEXT,
    blob         TEXT NOT NULL,
    size         BIGINT NOT NULL,
    ret          TEXT,
    env_id       TEXT,
    smtp_utf8    INTEGER NOT NULL,
    eight_bit    INTEGER NOT NULL,
    require_tls  INTEGER NOT NULL,
    queued_at    BIGINT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt BIGINT NOT NULL,
    held         INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    lease_owner  TEXT,
    lease_until  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX queue_due ON queue_messages(next_attempt);
CREATE INDEX queue_blob ON queue_messages(blob);

CREATE TABLE queue_recipients (
    message_id BIGINT NOT NULL REFERENCES queue_messages(id),
    position   INTEGER NOT NULL,
    address    TEXT NOT NULL,
    notify_on  TEXT,
    orcpt      TEXT,
    status     TEXT NOT NULL,
    last_reply TEXT NOT NULL,
    PRIMARY KEY (message_id, position)
);
