package dev.facteur.auth.dmarc.report;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Reads aggregate reports sent to Facteur (RFC 9990 §5: XML, usually gzip- or zip-compressed, as
 * the message body or an attachment). Parts are recognised by content (zip, gzip, XML), not by
 * their declared type, since reporters label them inconsistently.
 */
public final class ReportIngester {

    /** Decompressed size limit per part, against decompression bombs. */
    public static final int MAX_DECOMPRESSED = 32 * 1024 * 1024;
    /** Parts considered per message. */
    public static final int MAX_PARTS = 50;

    /** The outcome of ingesting one message. */
    public sealed interface Outcome {
        /** The reports found (at least one). */
        record Reports(List<AggregateReport> reports) implements Outcome {
        }

        /** No readable report: the cause. */
        record NoReport(String cause) implements Outcome {
        }
    }

    /** Reads a report mail, or a bare report file (XML, gzip or zip: recognised by content, never by name). */
    public Outcome ingest(byte[] message) {
        if (isBareReport(message)) {
            return parse(List.of(message));
        }
        List<byte[]> parts = new ArrayList<>();
        MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE);
        parser.setContentDecoding(true);
        parser.setContentHandler(new AbstractContentHandler() {
            @Override
            public void body(BodyDescriptor bd, InputStream is) throws IOException {
                if (parts.size() < MAX_PARTS) {
                    parts.add(is.readNBytes(MAX_DECOMPRESSED));
                }
            }
        });
        try {
            parser.parse(new ByteArrayInputStream(message));
        } catch (MimeException | IOException | RuntimeException e) {
            return new Outcome.NoReport("unreadable MIME structure");
        }
        return parse(parts);
    }

    /** A zip, a gzip stream or an XML document: what a header section can never start with. */
    private static boolean isBareReport(byte[] b) {
        boolean zip = b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
        boolean gzip = b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
        return zip || gzip || looksLikeXml(b);
    }

    private static Outcome parse(List<byte[]> parts) {
        List<AggregateReport> reports = new ArrayList<>();
        String lastError = "no report attachment";
        for (byte[] part : parts) {
            try {
                for (byte[] xml : xmlDocuments(part)) {
                    reports.add(AggregateReportXml.parse(xml));
                }
            } catch (AggregateReportXml.InvalidReport e) {
                lastError = e.getMessage();
            } catch (IOException e) {
                lastError = "corrupt compressed attachment";
            }
        }
        return reports.isEmpty() ? new Outcome.NoReport(lastError) : new Outcome.Reports(reports);
    }

    /** The XML documents in a part: itself, its gzip content, or the .xml entries of a zip. */
    static List<byte[]> xmlDocuments(byte[] part) throws IOException {
        if (part.length >= 4 && part[0] == 'P' && part[1] == 'K' && part[2] == 3 && part[3] == 4) {
            List<byte[]> out = new ArrayList<>();
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(part))) {
                ZipEntry e;
                int total = 0;
                while ((e = zip.getNextEntry()) != null && out.size() < MAX_PARTS) {
                    if (e.isDirectory()) {
                        continue;
                    }
                    byte[] b = bounded(zip, MAX_DECOMPRESSED - total);
                    total += b.length;
                    if (looksLikeXml(b)) {
                        out.add(b);
                    }
                }
            }
            return out;
        }
        if (part.length >= 2 && (part[0] & 0xff) == 0x1f && (part[1] & 0xff) == 0x8b) {
            try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(part))) {
                byte[] b = bounded(gz, MAX_DECOMPRESSED);
                return looksLikeXml(b) ? List.of(b) : List.of();
            }
        }
        return looksLikeXml(part) ? List.of(part) : List.of();
    }

    private static byte[] bounded(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > limit) {
                throw new IOException("decompressed report exceeds " + MAX_DECOMPRESSED + " octets");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static boolean looksLikeXml(byte[] b) {
        int i = 0;
        if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < b.length && Character.isWhitespace(b[i])) {
            i++;
        }
        return i < b.length && b[i] == '<';
    }
}
