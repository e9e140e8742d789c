-- Reporting (DMARC RFC 9990/9991, TLS-RPT RFC 8460): what Facteur saw, and reports others sent it.
-- Times are epoch milliseconds; booleans are 0/1 integers. Self-contained: renumber freely.

-- One row per inbound message that DMARC evaluated against a published policy.
-- dkim holds one "domain selector result" line per signature.
CREATE TABLE dmarc_evaluations (
    id            ${id},
    evaluated_at  BIGINT NOT NULL,
    source_ip     TEXT NOT NULL,
    header_from   TEXT NOT NULL,
    envelope_from TEXT NOT NULL,
    envelope_to   TEXT NOT NULL,
    helo          TEXT NOT NULL,
    policy_domain TEXT NOT NULL,
    spf_domain    TEXT NOT NULL,
    spf_scope     TEXT NOT NULL,
    spf_result    TEXT NOT NULL,
    spf_aligned   INTEGER NOT NULL,
    dkim          TEXT NOT NULL,
    dkim_aligned  INTEGER NOT NULL,
    policy_p      TEXT NOT NULL,
    policy_sp     TEXT,
    policy_np     TEXT,
    policy_adkim  TEXT NOT NULL,
    policy_aspf   TEXT NOT NULL,
    policy_testing INTEGER NOT NULL,
    policy_fo     TEXT NOT NULL,
    disposition   TEXT NOT NULL
);
CREATE INDEX dmarc_evaluations_at ON dmarc_evaluations(evaluated_at);

-- One row per outbound TLS session outcome (RFC 8460 §4): policy_strings one per line.
CREATE TABLE tls_sessions (
    id             ${id},
    observed_at    BIGINT NOT NULL,
    policy_domain  TEXT NOT NULL,
    policy_type    TEXT NOT NULL,
    policy_strings TEXT NOT NULL,
    mx_host        TEXT NOT NULL,
    receiving_ip   TEXT NOT NULL,
    result_type    TEXT NOT NULL
);
CREATE INDEX tls_sessions_at ON tls_sessions(observed_at);

-- Aggregate reports received from other receivers, as their XML.
CREATE TABLE dmarc_reports_received (
    id            ${id},
    received_at   BIGINT NOT NULL,
    org_name      TEXT NOT NULL,
    email         TEXT NOT NULL,
    report_id     TEXT NOT NULL,
    policy_domain TEXT NOT NULL,
    begin_at      BIGINT NOT NULL,
    end_at        BIGINT NOT NULL,
    messages      BIGINT NOT NULL,
    passed        BIGINT NOT NULL,
    xml           TEXT NOT NULL,
    UNIQUE (org_name, email, report_id)
);
CREATE INDEX dmarc_reports_received_at ON dmarc_reports_received(received_at);
