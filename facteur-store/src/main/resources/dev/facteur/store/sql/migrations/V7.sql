-- Facteur store schema, version 7: a mailbox's index (UID, MODSEQ, flags: what SELECT and EXAMINE
-- read for every message) from this index alone. Without it each of those rows was looked up in
-- the table by rowid, a page read per message; a SELECT of 5,000 messages took ~8 ms.
CREATE INDEX messages_index ON messages(mailbox_id, uid, modseq, flags);
