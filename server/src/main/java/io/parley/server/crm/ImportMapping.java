package io.parley.server.crm;

import io.parley.model.crm.CustomField;
import io.parley.server.inbox.SearchText;
import io.parley.server.platform.http.Violations;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which column of an import file fills which contact field: the fields a column may map to, the
 * mapping suggested from the column names (in a few languages), and the checks on a mapping a
 * client sends.
 */
final class ImportMapping {
    static final String CUSTOM_PREFIX = "customFields.";
    /** Fields a column may fill; custom fields are {@code customFields.<key>}. Only tags may be mapped more than once. */
    static final List<String> FIELDS = List.of("name", "firstName", "lastName", "phone", "email", "tags", "stage",
            "owner", "optedOut");

    private static final Map<String, List<String>> SYNONYMS = Map.of(
            "phone", List.of("phone", "phonenumber", "mobile", "mobilenumber", "mobilephone", "cell", "cellphone",
                    "whatsapp", "whatsappnumber", "tel", "telephone", "msisdn", "number", "telefono", "telefon",
                    "handy", "celular", "telefone", "portable"),
            "name", List.of("name", "fullname", "contact", "contactname", "customer", "customername", "nombre", "nom",
                    "nome", "displayname"),
            "firstName", List.of("firstname", "givenname", "first", "vorname", "prenom"),
            "lastName", List.of("lastname", "surname", "familyname", "last", "nachname", "apellido", "apellidos"),
            "email", List.of("email", "emailaddress", "mail", "correo", "courriel"),
            "tags", List.of("tags", "tag", "labels", "label", "groups"),
            "stage", List.of("stage", "pipelinestage", "dealstage", "leadstatus", "lifecyclestage"),
            "owner", List.of("owner", "contactowner", "accountowner", "assignee", "salesrep", "agent"),
            "optedOut", List.of("optedout", "optout", "unsubscribed", "donotcontact"));

    private ImportMapping() {
    }

    /** For each column the field it most likely holds (absent: leave the column out); each field suggested once. */
    static Map<String, String> suggest(List<String> columns, Collection<CustomField> customFields) {
        Map<String, String> mapping = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (String column : columns) {
            String key = squash(column);
            String field = null;
            for (String candidate : FIELDS) {
                if (SYNONYMS.get(candidate).contains(key)) {
                    field = candidate;
                    break;
                }
            }
            if (field == null) {
                for (CustomField custom : customFields) {
                    if (squash(custom.key()).equals(key) || squash(custom.label()).equals(key)) {
                        field = CUSTOM_PREFIX + custom.key();
                        break;
                    }
                }
            }
            if (field != null && taken.add(field)) {
                mapping.put(column, field);
            }
        }
        return mapping;
    }

    /**
     * Checks a client's mapping against the file's columns and the organisation's fields: every
     * column exists, every field is known, the phone is mapped, no field but tags is mapped twice.
     */
    static void check(Map<String, String> mapping, List<String> columns, Map<String, CustomField> customFields,
                      Violations violations) {
        Set<String> seen = new HashSet<>();
        boolean phone = false;
        for (Map.Entry<String, String> entry : mapping.entrySet()) {
            String name = "options.mapping." + entry.getKey();
            String field = entry.getValue();
            if (!columns.contains(entry.getKey())) {
                violations.check(false, name, "is not a column of the file (its columns: " + String.join(", ",
                        columns.subList(0, Math.min(columns.size(), 20))) + ")");
                continue;
            }
            if (field == null || field.isEmpty()) {
                continue;
            }
            boolean known = FIELDS.contains(field) || field.startsWith(CUSTOM_PREFIX)
                    && customFields.containsKey(field.substring(CUSTOM_PREFIX.length()));
            if (!known) {
                violations.check(false, name, "maps to \"" + field + "\", which is not a contact field; use one of "
                        + String.join(", ", FIELDS) + " or customFields.<key>");
                continue;
            }
            violations.check(field.equals("tags") || seen.add(field), name, "maps to " + field
                    + ", which another column fills already");
            phone |= field.equals("phone");
        }
        violations.check(phone, "options.mapping", "maps no column to phone; every contact needs a WhatsApp number");
    }

    /** A column or field name reduced to its letters and digits, case and accents folded. */
    private static String squash(String name) {
        String folded = SearchText.fold(name);
        return folded == null ? "" : folded.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
