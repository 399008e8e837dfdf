package io.parley.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.model.crm.CustomField;
import io.parley.server.platform.http.Violations;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How to import a file: which column fills which field, the country of numbers written without
 * one, whether a number already known is skipped or its contact updated, and tags for every row.
 */
record ImportOptions(Map<String, String> mapping, String defaultCountry, boolean update, List<String> addTags) {

    /** Reads and checks the {@code options} part; {@code orgCountry} applies when it names no country. */
    static ImportOptions parse(JsonNode node, List<String> columns, Map<String, CustomField> fields, String orgCountry) {
        Violations violations = new Violations();
        if (node == null || !node.isObject()) {
            violations.check(false, "options", "must be a JSON object {mapping, defaultCountry?, onDuplicate?, addTags?}");
            violations.throwIfAny();
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        JsonNode mappingNode = node.get("mapping");
        if (mappingNode == null || !mappingNode.isObject()) {
            violations.check(false, "options.mapping", "must be an object of column name → contact field");
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = mappingNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode field = entry.getValue();
                if (field.isNull() || field.isTextual() && field.asText().isBlank()) {
                    continue;
                }
                if (!field.isTextual()) {
                    violations.check(false, "options.mapping." + entry.getKey(), "must be a field name or null");
                    continue;
                }
                mapping.put(entry.getKey(), field.asText().strip());
            }
            ImportMapping.check(mapping, columns, fields, violations);
        }
        String country = orgCountry;
        JsonNode countryNode = node.get("defaultCountry");
        if (countryNode != null && !countryNode.isNull()) {
            country = countryNode.asText().strip().toUpperCase(Locale.ROOT);
            violations.check(PhoneNumbers.isCountry(country), "options.defaultCountry",
                    "must be a country code (ISO 3166 alpha-2, e.g. DE)");
        }
        String onDuplicate = node.path("onDuplicate").asText("SKIP");
        violations.check(onDuplicate.equals("SKIP") || onDuplicate.equals("UPDATE"), "options.onDuplicate",
                "must be SKIP or UPDATE");
        Set<String> tags = new LinkedHashSet<>();
        JsonNode tagsNode = node.get("addTags");
        if (tagsNode != null && !tagsNode.isNull()) {
            if (!tagsNode.isArray()) {
                violations.check(false, "options.addTags", "must be a list of tag names");
            } else {
                for (JsonNode tag : tagsNode) {
                    String name = tag.isTextual() ? tag.asText().strip() : "";
                    violations.check(!name.isEmpty() && name.length() <= 50, "options.addTags",
                            "each tag is a name of 1 to 50 characters");
                    if (!name.isEmpty()) {
                        tags.add(name);
                    }
                }
            }
        }
        violations.throwIfAny();
        return new ImportOptions(mapping, country, onDuplicate.equals("UPDATE"), new ArrayList<>(tags));
    }
}
