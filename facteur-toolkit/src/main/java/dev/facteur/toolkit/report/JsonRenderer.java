package dev.facteur.toolkit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Renders the toolkit's result records (reports, verification results, message analyses) as JSON.
 * Records become objects with their component names; enums become lower-case strings; instants
 * ISO-8601 text; durations milliseconds.
 */
public final class JsonRenderer {

    private static final ObjectMapper MAPPER = mapper();

    private JsonRenderer() {
    }

    /** The shared mapper, configured as described above. */
    public static ObjectMapper mapper() {
        if (MAPPER != null) {
            return MAPPER;
        }
        SimpleModule m = new SimpleModule("facteur-toolkit");
        m.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.toString());
            }
        });
        m.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeNumber(v.toMillis());
            }
        });
        @SuppressWarnings({"rawtypes", "unchecked"})
        JsonSerializer<Enum> enums = new JsonSerializer<>() {
            @Override
            public void serialize(Enum v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.name().toLowerCase(Locale.ROOT));
            }
        };
        m.addSerializer(Enum.class, enums);
        return new ObjectMapper().registerModule(m).disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** Pretty-printed JSON of any toolkit result record. */
    public static String render(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compact JSON (one line), for JSON lines and HTTP bodies. */
    public static String compact(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
