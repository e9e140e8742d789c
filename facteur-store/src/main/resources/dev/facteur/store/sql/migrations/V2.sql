-- Facteur store schema, version 2 (IMAP read path).
-- header: the message's header octets (up to and including the blank line), cached when the message
-- is stored so that FETCH BODY[HEADER] and HEADER.FIELDS need no blob read; NULL when not cached.
-- internal_zone: the time zone of INTERNALDATE in seconds east of UTC, as APPEND gave it (RFC 9051 §2.3.3).
ALTER TABLE messages ADD COLUMN header ${bytes};
ALTER TABLE messages ADD COLUMN internal_zone INTEGER NOT NULL DEFAULT 0;
