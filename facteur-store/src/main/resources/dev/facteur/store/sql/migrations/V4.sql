-- Exclusive, time-limited leases shared by every process on the store (POP3 maildrop locks,
-- RFC 1939 §8). A holder renews its lease while it lives; one that crashed stops renewing, and
-- its lease can be taken once it has expired. Times are epoch milliseconds.
CREATE TABLE leases (
    name    TEXT PRIMARY KEY,
    owner   TEXT NOT NULL,
    expires BIGINT NOT NULL
);
