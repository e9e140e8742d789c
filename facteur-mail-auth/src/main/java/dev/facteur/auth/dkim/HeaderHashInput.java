package dev.facteur.auth.dkim;

import dev.facteur.auth.message.HeaderField;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds the data a DKIM or ARC signature signs over its headers (RFC 6376 §3.7, §5.4.2). */
public final class HeaderHashInput {

    private HeaderHashInput() {
    }

    /**
     * RFC 6376 §5.4.2: for each name in h=, the last not yet used instance, from the bottom up; a name
     * with no instance left contributes nothing.
     */
    public static List<HeaderField> select(List<HeaderField> headers, List<String> names) {
        boolean[] used = new boolean[headers.size()];
        List<HeaderField> out = new ArrayList<>();
        for (String name : names) {
            for (int i = headers.size() - 1; i >= 0; i--) {
                if (!used[i] && headers.get(i).is(name)) {
                    used[i] = true;
                    out.add(headers.get(i));
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The canonical selected headers followed by the signature field itself with its b= value
     * removed and without the final CRLF (RFC 6376 §3.7).
     */
    public static byte[] build(List<HeaderField> signed, HeaderField signatureField, Canonicalization canon) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        for (HeaderField h : signed) {
            out.writeBytes(canon.header(h));
        }
        byte[] sig = canon.header(withoutSignatureValue(signatureField.raw()));
        int len = sig.length;
        if (len >= 2 && sig[len - 2] == '\r' && sig[len - 1] == '\n') {
            len -= 2;
        }
        out.write(sig, 0, len);
        return out.toByteArray();
    }

    /** The raw field with the value of its b= tag emptied (not bh=), keeping everything else. */
    public static byte[] withoutSignatureValue(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int colon = text.indexOf(':');
        int pos = colon + 1;
        while (pos <= text.length()) {
            int semi = text.indexOf(';', pos);
            int end = semi < 0 ? text.length() : semi;
            String spec = text.substring(pos, end);
            int eq = spec.indexOf('=');
            if (eq > 0 && spec.substring(0, eq).strip().equals("b")) {
                int valueStart = pos + eq + 1;
                int valueEnd = end;
                if (semi < 0 && text.endsWith("\r\n")) {
                    valueEnd = text.length() - 2;
                }
                return (text.substring(0, valueStart) + text.substring(valueEnd)).getBytes(StandardCharsets.ISO_8859_1);
            }
            if (semi < 0) {
                break;
            }
            pos = semi + 1;
        }
        return raw;
    }
}
