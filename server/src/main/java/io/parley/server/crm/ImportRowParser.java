package io.parley.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.parley.model.crm.CustomField;
import io.parley.model.crm.Stage;
import io.parley.server.platform.http.Violations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one row of an import file into the contact it describes, or into the reason it cannot be
 * imported (naming the column). Values are checked as strictly as a contact typed in the app.
 */
final class ImportRowParser {

    /** A row that can be imported; null fields were blank in the file and leave the contact's value as it is. */
    record Candidate(int row, List<String> cells, String phone, String name, String email, List<String> tags,
                     Long stageId, Long ownerId, Map<String, JsonNode> customFields, Boolean optedOut) {

        String waId() {
            return phone.substring(1);
        }

        /** This row's values over an earlier row's for the same number (a duplicate inside the file). */
        Candidate over(Candidate earlier) {
            Map<String, JsonNode> fields = new HashMap<>(earlier.customFields);
            fields.putAll(customFields);
            Set<String> allTags = new LinkedHashSet<>(earlier.tags);
            allTags.addAll(tags);
            return new Candidate(earlier.row, earlier.cells, phone, name != null ? name : earlier.name,
                    email != null ? email : earlier.email, List.copyOf(allTags),
                    stageId != null ? stageId : earlier.stageId, ownerId != null ? ownerId : earlier.ownerId, fields,
                    optedOut != null ? optedOut : earlier.optedOut);
        }
    }

    /** A row's values could not be imported. */
    static final class RowRejected extends RuntimeException {
        final String column;

        RowRejected(String column, String message) {
            super(message, null, false, false);
            this.column = column;
        }
    }

    private final ImportOptions options;
    private final List<String> columns;
    private final Map<String, CustomField> fields;
    private final Map<String, Long> stagesByName = new HashMap<>();
    private final List<String> stageNames = new ArrayList<>();
    private final Map<String, Long> owners;

    /**
     * @param owners members by lower-case email and lower-case name
     */
    ImportRowParser(ImportOptions options, List<String> columns, Map<String, CustomField> fields, List<Stage> stages,
                    Map<String, Long> owners) {
        this.options = options;
        this.columns = columns;
        this.fields = fields;
        this.owners = owners;
        for (Stage stage : stages) {
            stagesByName.put(stage.name().toLowerCase(Locale.ROOT), stage.id());
            stageNames.add(stage.name());
        }
    }

    /** The row as a contact; throws {@link RowRejected} naming the column at fault. */
    Candidate parse(int row, List<String> cells) {
        String phone = null;
        String name = null;
        String first = null;
        String last = null;
        String email = null;
        List<String> tags = new ArrayList<>(options.addTags());
        Long stageId = null;
        Long ownerId = null;
        Boolean optedOut = null;
        Map<String, JsonNode> custom = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            String field = options.mapping().get(column);
            if (field == null) {
                continue;
            }
            String value = i < cells.size() ? plain(cells.get(i)) : "";
            if (value.isEmpty()) {
                continue;
            }
            switch (field) {
                case "phone" -> phone = phone(value).orElseThrow(() ->
                        new RowRejected(column, "\"" + value + "\" is not a phone number"
                                + (options.defaultCountry() == null ? " with a country code (set a default country for numbers without +)"
                                : " of " + options.defaultCountry() + " or with a country code")));
                case "name" -> name = limited(column, value, 200);
                case "firstName" -> first = limited(column, value, 100);
                case "lastName" -> last = limited(column, value, 100);
                case "email" -> {
                    if (!Violations.isEmail(value)) {
                        throw new RowRejected(column, "\"" + value + "\" is not an email address");
                    }
                    email = value.toLowerCase(Locale.ROOT);
                }
                case "tags" -> {
                    for (String tag : value.split("[,;|]")) {
                        String t = tag.strip();
                        if (t.length() > 50) {
                            throw new RowRejected(column, "tag \"" + t.substring(0, 20) + "…\" is longer than 50 characters");
                        }
                        if (!t.isEmpty() && tags.stream().noneMatch(t::equalsIgnoreCase)) {
                            tags.add(t);
                        }
                    }
                }
                case "stage" -> {
                    stageId = stagesByName.get(value.toLowerCase(Locale.ROOT));
                    if (stageId == null) {
                        throw new RowRejected(column, "no stage named \"" + value + "\" (stages: "
                                + String.join(", ", stageNames) + ")");
                    }
                }
                case "owner" -> {
                    ownerId = owners.get(value.toLowerCase(Locale.ROOT));
                    if (ownerId == null) {
                        throw new RowRejected(column, "no member with the email or name \"" + value + "\"");
                    }
                }
                case "optedOut" -> optedOut = switch (value.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "y", "1", "x" -> true;
                    case "false", "no", "n", "0" -> false;
                    default -> throw new RowRejected(column, "\"" + value + "\" is not yes or no");
                };
                default -> {
                    CustomField definition = fields.get(field.substring(ImportMapping.CUSTOM_PREFIX.length()));
                    JsonNode normal = CustomFieldValues.normalise(definition, TextNode.valueOf(value));
                    if (normal == null) {
                        throw new RowRejected(column, "\"" + shorten(value) + "\" " + CustomFieldValues.expected(definition));
                    }
                    custom.put(definition.key(), normal);
                }
            }
        }
        if (phone == null) {
            throw new RowRejected(phoneColumn(), "has no phone number");
        }
        if (name == null && (first != null || last != null)) {
            name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        }
        return new Candidate(row, cells, phone, name, email, List.copyOf(tags), stageId, ownerId, custom, optedOut);
    }

    /**
     * The number in E.164: as written (national numbers in the default country), else — a spreadsheet
     * keeps numbers as plain digits and drops the '+' — its digits read as an international number.
     */
    private Optional<String> phone(String value) {
        Optional<String> e164 = PhoneNumbers.toE164(value, options.defaultCountry());
        if (e164.isEmpty() && value.matches("\\d{8,15}")) {
            return PhoneNumbers.toE164("+" + value, null);
        }
        return e164;
    }

    private String phoneColumn() {
        return options.mapping().entrySet().stream().filter(e -> e.getValue().equals("phone")).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /**
     * A cell as its author meant it: stripped, and without the apostrophe that a spreadsheet export
     * (ours included) puts before text starting like a formula.
     */
    static String plain(String cell) {
        String value = cell.strip();
        if (value.length() > 1 && value.charAt(0) == '\'' && "=+-@\t\r".indexOf(value.charAt(1)) >= 0) {
            value = value.substring(1);
        }
        return value;
    }

    private static String limited(String column, String value, int max) {
        if (value.length() > max) {
            throw new RowRejected(column, "is longer than " + max + " characters");
        }
        return value;
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
