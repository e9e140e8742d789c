-- Small blobs live in the database, content-addressed by the same SHA-256 hex as the file tier,
-- so that a message's bytes and the rows that point at them commit together (one WAL fsync on
-- SQLite instead of a file fsync, a directory fsync and a commit). Larger blobs stay in files.
-- touched: epoch milliseconds of the last write or dedupe hit; garbage collection deletes only
-- unreferenced blobs whose touched is older than the grace period (as the file tier's mtime).
CREATE TABLE blobs (
    id      TEXT PRIMARY KEY,
    size    BIGINT NOT NULL,
    touched BIGINT NOT NULL,
    content ${bytes} NOT NULL
);
CREATE INDEX blobs_touched ON blobs(touched);
