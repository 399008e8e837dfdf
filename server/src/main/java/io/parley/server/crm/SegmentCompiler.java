package io.parley.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.model.crm.CustomField;
import io.parley.model.crm.SegmentFilter;
import io.parley.server.platform.error.ValidationException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a segment filter into a SQL condition on {@code contact c}. The SQL text is assembled only
 * from fixed fragments chosen by field and operator; every value a user gave — tag names, numbers,
 * dates, text, custom-field keys — travels as a bind parameter. A condition that does not make sense
 * (unknown field, an operator the field does not have, a value of the wrong kind) is refused with a
 * 400 naming it ({@code filter.conditions[i]}).
 */
final class SegmentCompiler {
    static final int MAX_CONDITIONS = 50;
    private static final Map<String, String> COLUMNS = Map.of("createdAt", "c.created_at", "lastSeenAt", "c.last_seen_at",
            "lastInboundAt", "c.last_inbound_at", "stageId", "c.stage_id", "ownerId", "c.owner_id", "email", "c.email",
            "name", "c.name", "phone", "c.phone");

    /** A condition with its parameters, named {@code prefix0, prefix1, ...}. */
    record Sql(String where, Map<String, Object> params) {
        static final Sql ALL = new Sql("TRUE", Map.of());

        Sql and(Sql other) {
            Map<String, Object> both = new LinkedHashMap<>(params);
            both.putAll(other.params);
            return new Sql("(" + where + ") AND (" + other.where + ")", both);
        }
    }

    private final Map<String, CustomField> fields;
    private final String prefix;
    private final String path;
    private final Map<String, Object> params = new LinkedHashMap<>();

    private SegmentCompiler(Map<String, CustomField> fields, String prefix, String path) {
        this.fields = fields;
        this.prefix = prefix;
        this.path = path;
    }

    /**
     * @param prefix names this filter's parameters, so that several compiled filters can share a statement
     * @param path   how errors name the filter in the request ("filter", or "segmentId" for a saved one)
     */
    static Sql compile(SegmentFilter filter, Map<String, CustomField> fields, String prefix, String path) {
        return new SegmentCompiler(fields, prefix, path).compile(filter);
    }

    private Sql compile(SegmentFilter filter) {
        if (filter == null) {
            throw ValidationException.of(path, "is required: {match, conditions}");
        }
        String match = filter.match() == null ? "all" : filter.match();
        if (!match.equals("all") && !match.equals("any")) {
            throw ValidationException.of(path + ".match", "must be \"all\" or \"any\"");
        }
        if (filter.conditions().size() > MAX_CONDITIONS) {
            throw ValidationException.of(path + ".conditions", "may hold at most " + MAX_CONDITIONS + " conditions");
        }
        if (filter.conditions().isEmpty()) {
            return Sql.ALL;
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < filter.conditions().size(); i++) {
            SegmentFilter.Condition condition = filter.conditions().get(i);
            if (condition == null) {
                throw ValidationException.of(path + ".conditions[" + i + "]", "is empty");
            }
            parts.add("(" + condition(condition, path + ".conditions[" + i + "]") + ")");
        }
        return new Sql(String.join(match.equals("all") ? " AND " : " OR ", parts), Collections.unmodifiableMap(params));
    }

    private String condition(SegmentFilter.Condition c, String where) {
        String field = c.field() == null ? "" : c.field();
        String op = c.op() == null ? "" : c.op();
        if (field.startsWith("customFields.")) {
            return customField(field.substring("customFields.".length()), op, c.value(), where);
        }
        return switch (field) {
            case "tag" -> tag(op, c.value(), where);
            case "stageId", "ownerId" -> reference(COLUMNS.get(field), op, c.value(), where);
            case "optedOut" -> switch (op) {
                case "eq" -> "c.opted_out = " + param(bool(c.value(), where));
                case "neq" -> "c.opted_out <> " + param(bool(c.value(), where));
                default -> throw unsupported(where, field, op, "eq, neq");
            };
            case "name", "email" -> text(COLUMNS.get(field), op, c.value(), where);
            case "phone" -> phone(op, c.value(), where);
            case "createdAt", "lastSeenAt", "lastInboundAt" -> date(COLUMNS.get(field), op, c.value(), where);
            default -> throw ValidationException.of(where, "field \"" + field + "\" is not one of tag, stageId, ownerId,"
                    + " optedOut, name, phone, email, createdAt, lastSeenAt, lastInboundAt, customFields.<key>");
        };
    }

    private String tag(String op, JsonNode value, String where) {
        String has = "EXISTS (SELECT 1 FROM contact_tag ct JOIN tag t ON t.org_id = ct.org_id AND t.id = ct.tag_id"
                + " WHERE ct.org_id = c.org_id AND ct.contact_id = c.id AND lower(t.name) = lower(" + param(text(value, where)) + "))";
        return switch (op) {
            case "has", "eq" -> has;
            case "hasNot", "neq" -> "NOT " + has;
            default -> throw unsupported(where, "tag", op, "has, hasNot");
        };
    }

    private String reference(String column, String op, JsonNode value, String where) {
        return switch (op) {
            case "eq" -> column + " = " + param(id(value, where));
            case "neq" -> column + " IS DISTINCT FROM " + param(id(value, where));
            case "isSet" -> column + " IS NOT NULL";
            case "isNotSet" -> column + " IS NULL";
            default -> throw unsupported(where, column.substring(2), op, "eq, neq, isSet, isNotSet");
        };
    }

    private String text(String column, String op, JsonNode value, String where) {
        return switch (op) {
            case "eq" -> "lower(" + column + ") = lower(" + param(text(value, where)) + ")";
            case "neq" -> "lower(" + column + ") IS DISTINCT FROM lower(" + param(text(value, where)) + ")";
            case "contains" -> column + " ILIKE " + param("%" + likeEscaped(text(value, where)) + "%");
            case "isSet" -> column + " IS NOT NULL";
            case "isNotSet" -> column + " IS NULL";
            default -> throw unsupported(where, column.substring(2), op, "eq, neq, contains, isSet, isNotSet");
        };
    }

    /** A number exactly (+4915…), by its start (+49, +4915) or by country (DE); contains matches digits anywhere. */
    private String phone(String op, JsonNode value, String where) {
        return switch (op) {
            case "eq" -> phoneMatch(value, where);
            case "neq" -> "c.phone IS NULL OR NOT (" + phoneMatch(value, where) + ")";
            case "contains" -> {
                String digits = text(value, where).replaceAll("[^0-9]", "");
                if (digits.isEmpty()) {
                    throw ValidationException.of(where, "a phone condition needs digits to look for");
                }
                yield "c.phone LIKE " + param("%" + digits + "%");
            }
            case "isSet" -> "c.phone IS NOT NULL";
            case "isNotSet" -> "c.phone IS NULL";
            default -> throw unsupported(where, "phone", op, "eq, neq, contains, isSet, isNotSet");
        };
    }

    private String phoneMatch(JsonNode value, String where) {
        String wanted = text(value, where).strip();
        if (wanted.matches("[A-Za-z]{2}")) {
            String code = PhoneNumbers.callingCode(wanted)
                    .orElseThrow(() -> ValidationException.of(where, "\"" + wanted + "\" is not a country code"));
            return "c.phone LIKE " + param(code + "%");
        }
        String digits = wanted.replaceAll("[^0-9]", "");
        if (!wanted.startsWith("+") || digits.isEmpty()) {
            throw ValidationException.of(where, "a phone must start with + (a number or its start, e.g. +49) or be a"
                    + " country code such as DE");
        }
        return "c.phone LIKE " + param("+" + digits + "%");
    }

    private String date(String column, String op, JsonNode value, String where) {
        return switch (op) {
            case "before" -> column + " < " + param(instant(value, where));
            case "after" -> column + " > " + param(instant(value, where));
            case "withinDays" -> column + " >= now() - make_interval(days => " + param(days(value, where)) + ")";
            case "isSet" -> column + " IS NOT NULL";
            case "isNotSet" -> column + " IS NULL";
            default -> throw unsupported(where, column.substring(2), op, "before, after, withinDays, isSet, isNotSet");
        };
    }

    private String customField(String key, String op, JsonNode value, String where) {
        CustomField field = fields.get(key);
        if (field == null) {
            throw ValidationException.of(where, "\"customFields." + key + "\" is not a custom field of this organisation");
        }
        String raw = "(c.custom_fields ->> " + param(key) + ")";
        if (op.equals("isSet")) {
            return raw + " IS NOT NULL";
        }
        if (op.equals("isNotSet")) {
            return raw + " IS NULL";
        }
        return switch (field.type()) {
            case "TEXT" -> switch (op) {
                case "eq" -> holds(key, "lower(CAST(" + param(text(value, where)) + " AS text))");
                case "neq" -> "lower" + raw + " IS DISTINCT FROM lower(" + param(text(value, where)) + ")";
                case "contains" -> raw + " ILIKE " + param("%" + likeEscaped(text(value, where)) + "%");
                default -> throw unsupported(where, "customFields." + key, op, "eq, neq, contains, isSet, isNotSet");
            };
            case "SELECT" -> {
                String option = normalised(field, value, where).asText();
                yield switch (op) {
                    case "eq" -> holds(key, "lower(CAST(" + param(option) + " AS text))");
                    case "neq" -> raw + " IS DISTINCT FROM " + param(option);
                    default -> throw unsupported(where, "customFields." + key, op, "eq, neq, isSet, isNotSet");
                };
            }
            case "NUMBER" -> {
                String number = "CAST(" + raw + " AS numeric)";
                BigDecimal n = normalised(field, value, where).decimalValue();
                yield switch (op) {
                    case "eq" -> holds(key, "CAST(" + param(n) + " AS numeric)");
                    case "neq" -> number + " IS DISTINCT FROM " + param(n);
                    case "gt" -> number + " > " + param(n);
                    case "lt" -> number + " < " + param(n);
                    default -> throw unsupported(where, "customFields." + key, op, "eq, neq, gt, lt, isSet, isNotSet");
                };
            }
            case "DATE" -> {
                String date = "CAST(" + raw + " AS date)";
                if (op.equals("withinDays")) {
                    yield date + " >= current_date - " + param(days(value, where));
                }
                LocalDate d = LocalDate.parse(normalised(field, value, where).asText());
                yield switch (op) {
                    case "eq" -> holds(key, "CAST(" + param(d.toString()) + " AS text)");
                    case "before" -> date + " < " + param(d);
                    case "after" -> date + " > " + param(d);
                    default -> throw unsupported(where, "customFields." + key, op, "eq, before, after, withinDays, isSet, isNotSet");
                };
            }
            case "BOOLEAN" -> switch (op) {
                case "eq" -> holds(key, "CAST(" + param(normalised(field, value, where).asBoolean()) + " AS boolean)");
                default -> throw unsupported(where, "customFields." + key, op, "eq, isSet, isNotSet");
            };
            default -> throw ValidationException.of(where, "has an unknown type");
        };
    }

    /**
     * The field holds exactly this value: containment in the case-folded copy of the fields, which
     * the GIN index answers ({@code valueSql} folds text the way the copy was folded).
     */
    private String holds(String key, String valueSql) {
        return "c.custom_fields_folded @> jsonb_build_object(CAST(" + param(key) + " AS text), " + valueSql + ")";
    }

    private JsonNode normalised(CustomField field, JsonNode value, String where) {
        JsonNode normal = value == null ? null : CustomFieldValues.normalise(field, value);
        if (normal == null) {
            throw ValidationException.of(where, "value " + CustomFieldValues.expected(field));
        }
        return normal;
    }

    private String param(Object value) {
        String name = prefix + params.size();
        params.put(name, value);
        return ":" + name;
    }

    private static String text(JsonNode value, String where) {
        if (value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            throw ValidationException.of(where, "needs a value");
        }
        return value.asText();
    }

    private static long id(JsonNode value, String where) {
        if (value == null || !value.canConvertToLong() || (!value.isIntegralNumber() && !value.asText().matches("\\d+"))) {
            throw ValidationException.of(where, "value must be an id (a whole number)");
        }
        return value.isIntegralNumber() ? value.asLong() : Long.parseLong(value.asText());
    }

    private static boolean bool(JsonNode value, String where) {
        if (value == null || !value.isBoolean()) {
            throw ValidationException.of(where, "value must be true or false");
        }
        return value.asBoolean();
    }

    private static int days(JsonNode value, String where) {
        if (value == null || !value.canConvertToInt() || value.asInt() < 0 || value.asInt() > 36_500) {
            throw ValidationException.of(where, "value must be a number of days from 0 to 36500");
        }
        return value.asInt();
    }

    private static OffsetDateTime instant(JsonNode value, String where) {
        String text = text(value, where);
        try {
            return text.length() <= 10 ? LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC)
                    : OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ValidationException.of(where, "value must be a date (yyyy-mm-dd) or an ISO-8601 time");
        }
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static ValidationException unsupported(String where, String field, String op, String allowed) {
        return ValidationException.of(where, "operator \"" + op + "\" does not apply to " + field + " (use " + allowed + ")");
    }
}
