package dev.facteur.core.mime;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The MIME header fields of one body part, as BODYSTRUCTURE reports them (RFC 9051 §7.5.2).
 * Type and subtype are lower-case (RFC 2045 §5.1: case-insensitive); parameters keep their
 * raw names and unquoted values, RFC 2231 forms included.
 *
 * @param type media type, lower-case ("text" when absent, RFC 2045 §5.2)
 * @param subtype media subtype, lower-case
 * @param encoding Content-Transfer-Encoding, lower-case ("7bit" when absent, RFC 2045 §6.1)
 * @param disposition Content-Disposition value, or null when absent
 * @param language Content-Language tags, empty when absent
 */
public record ContentInfo(String type, String subtype, List<Param> params, @Nullable String id,
                          @Nullable String description, String encoding, @Nullable String md5,
                          @Nullable String disposition, List<Param> dispositionParams,
                          List<String> language, @Nullable String location) {

    public ContentInfo {
        params = List.copyOf(params);
        dispositionParams = List.copyOf(dispositionParams);
        language = List.copyOf(language);
    }

    /** A MIME parameter: its name as written and its value with quoting removed. */
    public record Param(String name, String value) {}

    public boolean is(String mediaType, String mediaSubtype) {
        return type.equals(mediaType) && subtype.equals(mediaSubtype);
    }

    /** The charset parameter, if any (RFC 2046 §4.1.2). */
    public @Nullable String charset() {
        for (Param p : params) {
            if (p.name().equalsIgnoreCase("charset")) {
                return p.value();
            }
        }
        return null;
    }
}
