-- Facteur store schema, version 6: a mailbox's counts (messages, unseen, total size: STATUS,
-- SELECT, LIST-STATUS, quota) read from this index alone. Without it each count read every row of
-- the mailbox, summaries and cached headers included: a lookup cost grew with the mailbox.
CREATE INDEX messages_counts ON messages(mailbox_id, seen, size);
