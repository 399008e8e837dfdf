package io.parley.model.crm;

import java.util.List;

/**
 * A field every contact of the organisation may carry.
 *
 * @param key     the name in {@code contact.customFields} and in filters: lower case, digits, underscores
 * @param type    TEXT, NUMBER, DATE, SELECT or BOOLEAN
 * @param options the choices of a SELECT field
 */
public record CustomField(long id, String key, String label, String type, List<String> options) {
    public CustomField {
        options = options == null ? List.of() : List.copyOf(options);
    }
}
