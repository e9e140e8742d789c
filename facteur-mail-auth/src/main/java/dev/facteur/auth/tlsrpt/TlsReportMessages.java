package dev.facteur.auth.tlsrpt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/** The delivery forms of a TLS report (RFC 8460 §5). */
public final class TlsReportMessages {

    /** RFC 8460 §6.4: the media type of a gzip-compressed report. */
    public static final String MEDIA_TYPE = "application/tlsrpt+gzip";

    private TlsReportMessages() {
    }

    /** RFC 8460 §5.1: the report JSON, gzip-compressed: the body of an HTTPS POST and the mail attachment. */
    public static byte[] gzippedJson(TlsReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(TlsReportJson.write(report).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * RFC 8460 §5.3: a multipart/report (report-type "tlsrpt") message with the TLS-Report-Domain and
     * TLS-Report-Submitter fields, the subject "Report Domain: ... Submitter: ... Report-ID: <...>", and
     * the gzipped report attached as {@code submitter!policy-domain!begin!end!id.json.gz} (§5.1).
     */
    public static byte[] mail(TlsReport report, String policyDomain, String fromAddress, String toAddress,
                              String submitter, Instant now) {
        String id = report.reportId();
        String name = submitter + "!" + policyDomain + "!" + report.start().getEpochSecond() + "!"
                + report.end().getEpochSecond() + "!" + id.replaceAll("[^A-Za-z0-9.-]", "_") + ".json.gz";
        String boundary = "=_facteur_tlsrpt_" + UUID.randomUUID();
        String b64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(gzippedJson(report));
        String text = "From: " + fromAddress + "\r\nTo: " + toAddress + "\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC)) + "\r\n"
                + "Subject: Report Domain: " + policyDomain + " Submitter: " + submitter + " Report-ID: <" + id + ">\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@" + submitter + ">\r\n"
                + "TLS-Report-Domain: " + policyDomain + "\r\nTLS-Report-Submitter: " + submitter + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=\"tlsrpt\"; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "This is an aggregate TLS report from " + submitter + " for " + policyDomain + ".\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: " + MEDIA_TYPE + "\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"" + name + "\"\r\n\r\n" + b64 + "\r\n"
                + "--" + boundary + "--\r\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
