package dev.facteur.auth.dmarc.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Writes aggregate reports in the RFC 9990 schema and reads both that schema and RFC 7489's. */
public final class AggregateReportXml {

    /** RFC 9990 Appendix A: the namespace of the aggregate report schema. */
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:dmarc-2.0";

    /** Reports larger than this are refused (RFC 9990 leaves size to the receiver). */
    public static final int MAX_XML_OCTETS = 32 * 1024 * 1024;

    private AggregateReportXml() {
    }

    /** Why a document is not a readable aggregate report. */
    public static final class InvalidReport extends Exception {
        public InvalidReport(String message) {
            super(message, null, false, false);
        }
    }

    public static String write(AggregateReport r) {
        XmlWriter w = new XmlWriter();
        w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback xmlns=\"" + NAMESPACE + "\">\n");
        w.element(1, "version", r.version());
        var m = r.metadata();
        w.open(1, "report_metadata");
        w.element(2, "org_name", m.orgName());
        w.element(2, "email", m.email());
        m.extraContactInfo().ifPresent(v -> w.element(2, "extra_contact_info", v));
        w.element(2, "report_id", m.reportId());
        w.open(2, "date_range");
        w.element(3, "begin", Long.toString(m.begin()));
        w.element(3, "end", Long.toString(m.end()));
        w.close(2, "date_range");
        m.errors().forEach(e -> w.element(2, "error", e));
        w.close(1, "report_metadata");
        var p = r.policy();
        w.open(1, "policy_published");
        w.element(2, "domain", p.domain());
        p.adkim().ifPresent(v -> w.element(2, "adkim", v));
        p.aspf().ifPresent(v -> w.element(2, "aspf", v));
        w.element(2, "p", p.p());
        p.sp().ifPresent(v -> w.element(2, "sp", v));
        p.np().ifPresent(v -> w.element(2, "np", v));
        p.testing().ifPresent(v -> w.element(2, "testing", v));
        p.discoveryMethod().ifPresent(v -> w.element(2, "discovery_method", v));
        p.fo().ifPresent(v -> w.element(2, "fo", v));
        w.close(1, "policy_published");
        for (AggregateReport.Row row : r.records()) {
            writeRow(w, row);
        }
        w.raw("</feedback>\n");
        return w.toString();
    }

    private static void writeRow(XmlWriter w, AggregateReport.Row row) {
        w.open(1, "record");
        w.open(2, "row");
        w.element(3, "source_ip", row.sourceIp());
        w.element(3, "count", Long.toString(row.count()));
        w.open(3, "policy_evaluated");
        w.element(4, "disposition", row.disposition());
        w.element(4, "dkim", row.dkim());
        w.element(4, "spf", row.spf());
        for (AggregateReport.Reason reason : row.reasons()) {
            w.open(4, "reason");
            w.element(5, "type", reason.type());
            reason.comment().ifPresent(c -> w.element(5, "comment", c));
            w.close(4, "reason");
        }
        w.close(3, "policy_evaluated");
        w.close(2, "row");
        w.open(2, "identifiers");
        row.envelopeTo().ifPresent(v -> w.element(3, "envelope_to", v));
        row.envelopeFrom().ifPresent(v -> w.element(3, "envelope_from", v));
        w.element(3, "header_from", row.headerFrom());
        w.close(2, "identifiers");
        w.open(2, "auth_results");
        for (AggregateReport.DkimAuth d : row.dkimResults()) {
            w.open(3, "dkim");
            w.element(4, "domain", d.domain());
            d.selector().ifPresent(v -> w.element(4, "selector", v));
            w.element(4, "result", d.result());
            d.humanResult().ifPresent(v -> w.element(4, "human_result", v));
            w.close(3, "dkim");
        }
        for (AggregateReport.SpfAuth s : row.spfResults()) {
            w.open(3, "spf");
            w.element(4, "domain", s.domain());
            s.scope().ifPresent(v -> w.element(4, "scope", v));
            w.element(4, "result", s.result());
            s.humanResult().ifPresent(v -> w.element(4, "human_result", v));
            w.close(3, "spf");
        }
        w.close(2, "auth_results");
        w.close(1, "record");
    }

    /** Reads a report in the RFC 9990 or RFC 7489 schema (namespaces ignored, unknown elements skipped). */
    public static AggregateReport parse(byte[] xml) throws InvalidReport {
        if (xml.length > MAX_XML_OCTETS) {
            throw new InvalidReport("report larger than " + MAX_XML_OCTETS + " octets");
        }
        Document doc;
        try {
            doc = builder().parse(new ByteArrayInputStream(xml));
        } catch (SAXException | IOException e) {
            throw new InvalidReport("not well-formed XML");
        }
        Element root = doc.getDocumentElement();
        if (!local(root).equals("feedback")) {
            throw new InvalidReport("root element is not <feedback>");
        }
        Element meta = child(root, "report_metadata").orElseThrow(() -> new InvalidReport("no report_metadata"));
        Element range = child(meta, "date_range").orElseThrow(() -> new InvalidReport("no date_range"));
        var metadata = new AggregateReport.Metadata(text(meta, "org_name").orElse(""), text(meta, "email").orElse(""),
                text(meta, "extra_contact_info"), text(meta, "report_id").orElseThrow(() -> new InvalidReport("no report_id")),
                number(range, "begin"), number(range, "end"), children(meta, "error").stream().map(Node::getTextContent).map(String::strip).toList());
        Element pp = child(root, "policy_published").orElseThrow(() -> new InvalidReport("no policy_published"));
        var policy = new AggregateReport.PolicyPublished(text(pp, "domain").orElseThrow(() -> new InvalidReport("no policy domain")),
                text(pp, "adkim"), text(pp, "aspf"), text(pp, "p").orElse(""), text(pp, "sp"), text(pp, "np"),
                text(pp, "testing").or(() -> text(pp, "pct")), text(pp, "discovery_method"), text(pp, "fo"));
        List<AggregateReport.Row> rows = new ArrayList<>();
        for (Element rec : children(root, "record")) {
            rows.add(row(rec));
        }
        return new AggregateReport(text(root, "version").orElse("1.0"), metadata, policy, rows);
    }

    private static AggregateReport.Row row(Element rec) throws InvalidReport {
        Element row = child(rec, "row").orElseThrow(() -> new InvalidReport("record without row"));
        Element pe = child(row, "policy_evaluated").orElseThrow(() -> new InvalidReport("row without policy_evaluated"));
        List<AggregateReport.Reason> reasons = new ArrayList<>();
        for (Element r : children(pe, "reason")) {
            reasons.add(new AggregateReport.Reason(text(r, "type").orElse(""), text(r, "comment")));
        }
        Element ids = child(rec, "identifiers").orElseThrow(() -> new InvalidReport("record without identifiers"));
        List<AggregateReport.DkimAuth> dkim = new ArrayList<>();
        List<AggregateReport.SpfAuth> spf = new ArrayList<>();
        Optional<Element> auth = child(rec, "auth_results");
        if (auth.isPresent()) {
            for (Element d : children(auth.get(), "dkim")) {
                dkim.add(new AggregateReport.DkimAuth(text(d, "domain").orElse(""), text(d, "selector"),
                        text(d, "result").orElse(""), text(d, "human_result")));
            }
            for (Element s : children(auth.get(), "spf")) {
                spf.add(new AggregateReport.SpfAuth(text(s, "domain").orElse(""), text(s, "scope"),
                        text(s, "result").orElse(""), text(s, "human_result")));
            }
        }
        return new AggregateReport.Row(text(row, "source_ip").orElse(""), number(row, "count"),
                text(pe, "disposition").orElse(""), text(pe, "dkim").orElse(""), text(pe, "spf").orElse(""), reasons,
                text(ids, "envelope_to"), text(ids, "envelope_from"), text(ids, "header_from").orElse(""), dkim, spf);
    }

    private static DocumentBuilder builder() throws InvalidReport {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // No DTDs, no external entities (XXE), bounded processing.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            f.setNamespaceAware(true);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new InvalidReport("no secure XML parser available");
        }
    }

    private static String local(Node n) {
        return n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && local(e).equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Optional<Element> child(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? Optional.empty() : Optional.of(c.getFirst());
    }

    private static Optional<String> text(Element parent, String name) {
        return child(parent, name).map(Node::getTextContent).map(String::strip);
    }

    private static long number(Element parent, String name) throws InvalidReport {
        String v = text(parent, name).orElseThrow(() -> new InvalidReport("missing " + name));
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidReport("bad number in " + name);
        }
    }

    /** A tiny indenting writer with text escaping. */
    private static final class XmlWriter {
        private final StringBuilder sb = new StringBuilder();

        void raw(String s) {
            sb.append(s);
        }

        void open(int depth, String name) {
            sb.append("  ".repeat(depth)).append('<').append(name).append(">\n");
        }

        void close(int depth, String name) {
            sb.append("  ".repeat(depth)).append("</").append(name).append(">\n");
        }

        void element(int depth, String name, String text) {
            sb.append("  ".repeat(depth)).append('<').append(name).append('>').append(escape(text)).append("</").append(name).append(">\n");
        }

        static String escape(String s) {
            StringBuilder out = new StringBuilder(s.length());
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '&' -> out.append("&amp;");
                    case '"' -> out.append("&quot;");
                    default -> {
                        if (c >= 0x20 || c == '\t' || c == '\n') {
                            out.append(c);
                        }
                    }
                }
            }
            return out.toString();
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
