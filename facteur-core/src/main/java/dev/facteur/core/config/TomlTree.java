package dev.facteur.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads a TOML document into a Jackson tree with Jackson's TOML parser alone. The tree is the one
 * {@code TomlMapper.readTree} gives (integers as int, long or big-integer nodes by size, floats
 * as decimals, dates and times as text), without building an ObjectMapper, whose set-up was most of the cost of
 * reading the configuration at start-up.
 */
final class TomlTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TomlTree() {}

    /** The document's top-level table; a syntax error is thrown with its location. */
    static ObjectNode read(String text) throws IOException {
        ObjectNode root = NODES.objectNode();
        try (JsonParser p = new TomlFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return root;
            }
            Deque<ContainerNode<?>> open = new ArrayDeque<>();
            open.push(root);
            String field = null;
            for (JsonToken t = p.nextToken(); t != null && !open.isEmpty(); t = p.nextToken()) {
                switch (t) {
                    case FIELD_NAME -> field = p.currentName();
                    case START_OBJECT -> open.push(add(open.peek(), field, NODES.objectNode()));
                    case START_ARRAY -> open.push(add(open.peek(), field, NODES.arrayNode()));
                    case END_OBJECT, END_ARRAY -> open.pop();
                    default -> add(open.peek(), field, scalar(p, t));
                }
            }
        }
        return root;
    }

    private static <N extends JsonNode> N add(ContainerNode<?> parent, String field, N node) {
        switch (parent) {
            case ObjectNode o -> o.set(field, node);
            case ArrayNode a -> a.add(node);
            default -> throw new IllegalStateException("unexpected container " + parent.getNodeType());
        }
        return node;
    }

    private static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                    ? NODES.numberNode(p.getDecimalValue()) : NODES.numberNode(p.getDoubleValue());
            case VALUE_EMBEDDED_OBJECT -> NODES.pojoNode(p.getEmbeddedObject());
            default -> NODES.nullNode();
        };
    }
}
