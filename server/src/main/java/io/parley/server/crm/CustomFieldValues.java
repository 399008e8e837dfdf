package io.parley.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.parley.model.crm.CustomField;
import io.parley.server.platform.http.Violations;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks contact field values against the organisation's definitions, and brings each to its one
 * stored form: text (at most 1,000 characters), a number, an ISO date (yyyy-mm-dd), one of a select
 * field's options, true or false. A null value removes the field from the contact.
 */
final class CustomFieldValues {
    static final int MAX_TEXT = 1_000;

    private CustomFieldValues() {
    }

    /**
     * The values to store, keyed like the definitions; {@code null} values mean "remove". Violations
     * are collected as {@code customFields.<key>}.
     */
    static Map<String, JsonNode> normalise(Map<String, JsonNode> values, Map<String, CustomField> fields,
                                           Violations violations) {
        Map<String, JsonNode> out = new HashMap<>();
        values.forEach((key, value) -> {
            CustomField field = fields.get(key);
            String name = "customFields." + key;
            if (field == null) {
                violations.check(false, name, "is not a custom field of this organisation");
                return;
            }
            if (value == null || value instanceof NullNode || value.isMissingNode()) {
                out.put(key, null);
                return;
            }
            JsonNode normal = normalise(field, value);
            if (normal == null) {
                violations.check(false, name, expected(field));
            } else {
                out.put(key, normal);
            }
        });
        return out;
    }

    /** One value in its stored form, or null when it is not a value of the field's type. */
    static JsonNode normalise(CustomField field, JsonNode value) {
        String text = value.isValueNode() ? value.asText().strip() : null;
        return switch (field.type()) {
            case "TEXT" -> text != null && text.length() <= MAX_TEXT ? TextNode.valueOf(text) : null;
            case "NUMBER" -> number(value, text);
            case "DATE" -> date(text);
            case "SELECT" -> field.options().stream().filter(o -> o.equalsIgnoreCase(text)).findFirst()
                    .<JsonNode>map(TextNode::valueOf).orElse(null);
            case "BOOLEAN" -> bool(value, text);
            default -> null;
        };
    }

    static String expected(CustomField field) {
        return switch (field.type()) {
            case "TEXT" -> "must be text of at most " + MAX_TEXT + " characters";
            case "NUMBER" -> "must be a number";
            case "DATE" -> "must be a date as yyyy-mm-dd";
            case "SELECT" -> "must be one of " + String.join(", ", field.options());
            case "BOOLEAN" -> "must be true or false";
            default -> "has an unknown type";
        };
    }

    private static JsonNode number(JsonNode value, String text) {
        if (value.isNumber()) {
            return DecimalNode.valueOf(value.decimalValue().stripTrailingZeros());
        }
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return DecimalNode.valueOf(new BigDecimal(text.replace(" ", "")).stripTrailingZeros());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode date(String text) {
        if (text == null) {
            return null;
        }
        try {
            return TextNode.valueOf(LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text).toString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static JsonNode bool(JsonNode value, String text) {
        if (value.isBoolean()) {
            return value;
        }
        return switch (text == null ? "" : text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> BooleanNode.TRUE;
            case "false", "no", "0" -> BooleanNode.FALSE;
            default -> null;
        };
    }
}
