package dev.facteur.auth.dns;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Record values returned by {@link DnsResolver}. */
public final class DnsRecords {

    private DnsRecords() {
    }

    /**
     * One TXT record: its character-strings (RFC 1035 §3.3.14), each decoded byte for byte as
     * ISO-8859-1 so that no octet is lost; {@link #text()} concatenates them (RFC 7208 §3.3, RFC 6376 §3.6.2.2).
     */
    public record Txt(List<String> strings) {
        public Txt {
            strings = List.copyOf(strings);
        }

        public static Txt of(String... strings) {
            return new Txt(List.of(strings));
        }

        /** The strings joined without separator. */
        public String text() {
            return String.join("", strings);
        }

        /** The raw octets of the joined text. */
        public byte[] bytes() {
            return text().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** RFC 1035 §3.3.9: a mail exchanger and its preference. */
    public record Mx(int preference, String exchange) {
        public Mx {
            if (preference < 0 || preference > 65535) {
                throw new IllegalArgumentException("MX preference out of range");
            }
            exchange = Names.normalise(exchange);
        }
    }

    /** RFC 6698 §2.1: certificate usage, selector, matching type and association data. */
    public record Tlsa(int usage, int selector, int matchingType, byte[] data) {
        public Tlsa {
            if (usage < 0 || usage > 255 || selector < 0 || selector > 255 || matchingType < 0 || matchingType > 255) {
                throw new IllegalArgumentException("TLSA field out of range");
            }
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tlsa t && t.usage == usage && t.selector == selector
                    && t.matchingType == matchingType && Arrays.equals(t.data, data);
        }

        @Override
        public int hashCode() {
            return ((usage * 31 + selector) * 31 + matchingType) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Tlsa[" + usage + " " + selector + " " + matchingType + " " + HexFormat.of().formatHex(data) + "]";
        }
    }
}
