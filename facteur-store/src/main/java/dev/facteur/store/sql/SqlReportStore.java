package dev.facteur.store.sql;

import dev.facteur.store.ReportStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@link ReportStore} over the tables of migration V2 (renumbered at merge). */
public final class SqlReportStore implements ReportStore {
    private static final String EVALUATION_COLUMNS = "evaluated_at, source_ip, header_from, envelope_from, envelope_to, "
            + "helo, policy_domain, spf_domain, spf_scope, spf_result, spf_aligned, dkim, dkim_aligned, policy_p, "
            + "policy_sp, policy_np, policy_adkim, policy_aspf, policy_testing, policy_fo, disposition";
    private static final String SUMMARY_COLUMNS = "id, received_at, org_name, email, report_id, policy_domain, "
            + "begin_at, end_at, messages, passed";

    private final Database db;

    public SqlReportStore(Database db) {
        this.db = db;
    }

    @Override
    public void recordDmarc(DmarcEvaluation e) {
        PublishedPolicy p = e.policy();
        db.write(tx -> tx.sql("INSERT INTO dmarc_evaluations (" + EVALUATION_COLUMNS + ") VALUES "
                        + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(e.at().toEpochMilli(), e.sourceIp(), e.headerFrom(), e.envelopeFrom(), e.envelopeTo(), e.helo(),
                        e.policyDomain(), e.spfDomain(), e.spfScope(), e.spfResult(), e.spfAligned(), dkimText(e.dkim()),
                        e.dkimAligned(), p.p(), Sql.text(p.sp()), Sql.text(p.np()), p.adkim(), p.aspf(), p.testing(),
                        p.fo(), e.disposition())
                .update());
    }

    @Override
    public List<DmarcEvaluation> dmarcEvaluations(Instant from, Instant until) {
        return db.read(tx -> tx.sql("SELECT " + EVALUATION_COLUMNS + " FROM dmarc_evaluations "
                        + "WHERE evaluated_at >= ? AND evaluated_at < ? ORDER BY policy_domain, evaluated_at, id")
                .bind(from.toEpochMilli(), until.toEpochMilli()).list(SqlReportStore::evaluation));
    }

    @Override
    public void recordTls(TlsSession s) {
        db.write(tx -> tx.sql("INSERT INTO tls_sessions (observed_at, policy_domain, policy_type, policy_strings, "
                        + "mx_host, receiving_ip, result_type) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .bind(s.at().toEpochMilli(), s.policyDomain(), s.policyType(), String.join("\n", s.policyStrings()),
                        s.mxHost(), s.receivingIp(), s.resultType())
                .update());
    }

    @Override
    public List<TlsSession> tlsSessions(Instant from, Instant until) {
        return db.read(tx -> tx.sql("SELECT observed_at, policy_domain, policy_type, policy_strings, mx_host, "
                        + "receiving_ip, result_type FROM tls_sessions WHERE observed_at >= ? AND observed_at < ? "
                        + "ORDER BY policy_domain, observed_at, id")
                .bind(from.toEpochMilli(), until.toEpochMilli())
                .list(rs -> new TlsSession(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                        lines(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7))));
    }

    @Override
    public Optional<Long> saveReceived(ReceivedReport report) {
        ReceivedReport.Summary s = report.summary();
        return db.write(tx -> {
            // Checked first rather than caught: a failed INSERT would abort a PostgreSQL transaction.
            boolean duplicate = tx.sql("SELECT 1 FROM dmarc_reports_received WHERE org_name = ? AND email = ? AND report_id = ?")
                    .bind(s.orgName(), s.email(), s.reportId()).exists();
            if (duplicate) {
                return Optional.<Long>empty();
            }
            tx.sql("INSERT INTO dmarc_reports_received (received_at, org_name, email, report_id, policy_domain, "
                            + "begin_at, end_at, messages, passed, xml) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .bind(s.receivedAt().toEpochMilli(), s.orgName(), s.email(), s.reportId(), s.policyDomain(),
                            s.begin().toEpochMilli(), s.end().toEpochMilli(), s.messages(), s.passed(), report.xml())
                    .update();
            return Optional.of(tx.sql("SELECT id FROM dmarc_reports_received WHERE org_name = ? AND email = ? AND report_id = ?")
                    .bind(s.orgName(), s.email(), s.reportId()).longValue());
        });
    }

    @Override
    public List<ReceivedReport.Summary> receivedReports(int limit) {
        return db.read(tx -> tx.sql("SELECT " + SUMMARY_COLUMNS + " FROM dmarc_reports_received "
                + "ORDER BY received_at DESC, id DESC LIMIT ?").bind(limit).list(SqlReportStore::summary));
    }

    @Override
    public Optional<ReceivedReport> receivedReport(long id) {
        return db.read(tx -> tx.sql("SELECT " + SUMMARY_COLUMNS + ", xml FROM dmarc_reports_received WHERE id = ?")
                .bind(id).one(rs -> new ReceivedReport(summary(rs), rs.getString(11))));
    }

    @Override
    public int prune(Instant before) {
        long cutoff = before.toEpochMilli();
        return db.write(tx -> tx.sql("DELETE FROM dmarc_evaluations WHERE evaluated_at < ?").bind(cutoff).update()
                + tx.sql("DELETE FROM tls_sessions WHERE observed_at < ?").bind(cutoff).update()
                + tx.sql("DELETE FROM dmarc_reports_received WHERE received_at < ?").bind(cutoff).update());
    }

    private static DmarcEvaluation evaluation(ResultSet rs) throws SQLException {
        var policy = new PublishedPolicy(rs.getString(14), Optional.ofNullable(rs.getString(15)),
                Optional.ofNullable(rs.getString(16)), rs.getString(17), rs.getString(18), rs.getInt(19) != 0,
                rs.getString(20));
        return new DmarcEvaluation(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getInt(11) != 0, dkim(rs.getString(12)), rs.getInt(13) != 0, policy,
                rs.getString(21));
    }

    private static ReceivedReport.Summary summary(ResultSet rs) throws SQLException {
        return new ReceivedReport.Summary(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)),
                Instant.ofEpochMilli(rs.getLong(8)), rs.getLong(9), rs.getLong(10));
    }

    /** One "domain selector result" line per signature; an empty selector is written as "-". */
    private static String dkimText(List<DkimOutcome> dkim) {
        List<String> lines = new ArrayList<>();
        for (DkimOutcome d : dkim) {
            lines.add(dash(d.domain()) + " " + dash(d.selector()) + " " + dash(d.result()));
        }
        return String.join("\n", lines);
    }

    private static List<DkimOutcome> dkim(String text) {
        List<DkimOutcome> out = new ArrayList<>();
        for (String line : lines(text)) {
            String[] f = line.split(" ");
            if (f.length == 3) {
                out.add(new DkimOutcome(undash(f[0]), undash(f[1]), undash(f[2])));
            }
        }
        return out;
    }

    private static String dash(String s) {
        return s.isEmpty() ? "-" : s;
    }

    private static String undash(String s) {
        return s.equals("-") ? "" : s;
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }
}
