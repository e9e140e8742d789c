package dev.facteur.auth.dmarc.report;

import dev.facteur.auth.dkim.DkimResult;
import dev.facteur.auth.dmarc.DmarcRecord;
import dev.facteur.auth.dmarc.DmarcResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/** Composes report messages: aggregate (RFC 9990 §5) and failure reports (RFC 9991, ARF RFC 5965/6591). */
public final class ReportMessages {

    private ReportMessages() {
    }

    /**
     * RFC 9990 §5: a message with the report gzipped as an attachment named
     * {@code receiver!policy-domain!begin!end!id.xml.gz} and the subject "Report Domain: ... Submitter: ...
     * Report-ID: <...>".
     */
    public static byte[] aggregate(AggregateReport report, String fromAddress, String toAddress, String receiverDomain, Instant now) {
        String xml = AggregateReportXml.write(report);
        String name = receiverDomain + "!" + report.policy().domain() + "!" + report.metadata().begin() + "!"
                + report.metadata().end() + "!" + safe(report.metadata().reportId()) + ".xml.gz";
        String boundary = "=_facteur_" + UUID.randomUUID();
        String b64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(gzip(xml.getBytes(StandardCharsets.UTF_8)));
        String text = "From: " + fromAddress + "\r\nTo: " + toAddress + "\r\nDate: " + date(now) + "\r\n"
                + "Subject: Report Domain: " + report.policy().domain() + " Submitter: " + receiverDomain
                + " Report-ID: <" + safe(report.metadata().reportId()) + ">\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@" + receiverDomain + ">\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "This is a DMARC aggregate report for " + report.policy().domain() + ".\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: application/gzip\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"" + name + "\"\r\n\r\n" + b64 + "\r\n--" + boundary + "--\r\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * RFC 9991 §3 with RFC 7489 §6.3 fo=: whether a failure report is due. fo=0 (default): all
     * mechanisms failed to align; 1: any failed; d: DKIM failed; s: SPF failed.
     */
    public static boolean failureReportDue(DmarcRecord record, DmarcResult result, List<DkimResult> dkim, boolean spfPassed) {
        if (record.failureUris().isEmpty()) {
            return false;
        }
        boolean dmarcFailed = result instanceof DmarcResult.Fail;
        boolean dkimFailed = dkim.stream().anyMatch(r -> !(r instanceof DkimResult.Pass));
        for (String option : record.failureOptions().split(":")) {
            switch (option.strip().toLowerCase(Locale.ROOT)) {
                case "0" -> {
                    if (dmarcFailed) {
                        return true;
                    }
                }
                case "1" -> {
                    if (dmarcFailed || dkimFailed || !spfPassed) {
                        return true;
                    }
                }
                case "d" -> {
                    if (dkimFailed) {
                        return true;
                    }
                }
                case "s" -> {
                    if (!spfPassed) {
                        return true;
                    }
                }
                default -> {
                    // RFC 7489 §6.3: unknown fo= values are ignored
                }
            }
        }
        return false;
    }

    /**
     * RFC 9991 §3 / RFC 6591: an ARF auth-failure report carrying the headers of the failed message
     * (never its body, to limit disclosure, RFC 9991 §5).
     */
    public static byte[] failure(String fromAddress, String toAddress, String reportingMta, String sourceIp,
                                 String originalHeaders, String authenticationResults, String fromDomain, Instant now) {
        String boundary = "=_facteur_" + UUID.randomUUID();
        String text = "From: " + fromAddress + "\r\nTo: " + toAddress + "\r\nDate: " + date(now) + "\r\n"
                + "Subject: DMARC failure report for " + fromDomain + "\r\nMessage-ID: <" + UUID.randomUUID() + "@" + reportingMta + ">\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=feedback-report; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "A message claiming to be from " + fromDomain + " failed DMARC authentication.\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: message/feedback-report\r\n\r\n"
                + "Feedback-Type: auth-failure\r\nUser-Agent: Facteur\r\nVersion: 1\r\n"
                + "Auth-Failure: dmarc\r\nIdentity-Alignment: none\r\nReporting-MTA: dns; " + reportingMta + "\r\n"
                + "Source-IP: " + sourceIp + "\r\nReported-Domain: " + fromDomain + "\r\n"
                + "Authentication-Results: " + authenticationResults.replace("\r\n", "\r\n ") + "\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/rfc822-headers\r\n\r\n" + originalHeaders.strip() + "\r\n\r\n"
                + "--" + boundary + "--\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._@-]", "_");
    }

    private static String date(Instant now) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC));
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
