package io.parley.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.parley.model.crm.Contact;
import io.parley.model.crm.Stage;
import io.parley.server.platform.db.Tx;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The demo organisation's CRM: custom fields, tags, a pipeline with contacts in every stage, and a
 * little history, so that {@code ./parley run} shows a living CRM and not empty tables.
 */
public final class CrmDemo {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] FIRST = {"Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hugo", "Ines",
            "Jonas", "Katja", "Luca", "Mila", "Noah", "Olga", "Paul", "Rosa", "Sven", "Tara", "Umut", "Vera", "Wim",
            "Yara", "Zoe", "Amir", "Bea", "Cem", "Dora"};
    private static final String[] LAST = {"Schneider", "Weber", "Novak", "García", "Yılmaz", "Dubois", "Jensen",
            "O'Brien", "Rossi", "Kowalski", "Müller", "Svensson", "Costa", "Nakamura"};
    private static final String[] COMPANIES = {"Gartenbau Krüger", "Café Lindner", "Studio Nord", "Bäckerei Roth", "",
            "Velo Service", "Hotel am See", ""};

    private final CrmContactRepository contacts;
    private final TagRepository tags;
    private final StageRepository stages;
    private final CustomFieldRepository fields;
    private final ActivityLog activities;

    CrmDemo(CrmContactRepository contacts, TagRepository tags, StageRepository stages, CustomFieldRepository fields,
            ActivityLog activities) {
        this.contacts = contacts;
        this.tags = tags;
        this.stages = stages;
        this.fields = fields;
        this.activities = activities;
    }

    /** In the demo organisation's transaction, after its conversations exist; {@code ownerId} is the demo owner. */
    public void populate(Tx tx, long ownerId, LocalDate today) {
        CrmSetup.setDefaultCountry(tx, "DE");
        fields.insert(tx, "company", "Company", "TEXT", List.of());
        fields.insert(tx, "plan", "Plan", "SELECT", List.of("Basic", "Pro", "Enterprise"));
        fields.insert(tx, "renewal", "Renewal", "DATE", List.of());
        fields.insert(tx, "seats", "Seats", "NUMBER", List.of());
        fields.insert(tx, "newsletter", "Newsletter", "BOOLEAN", List.of());
        List<Long> tagIds = tags.idsCreatingMissing(tx, List.of("vip", "wholesale", "returning", "newsletter"));
        List<Stage> pipeline = stages.list(tx);
        String[] plans = {"Basic", "Pro", "Enterprise"};
        for (int i = 0; i < FIRST.length; i++) {
            Map<String, JsonNode> values = new HashMap<>();
            String company = COMPANIES[i % COMPANIES.length];
            if (!company.isEmpty()) {
                values.put("company", JSON.textNode(company));
            }
            values.put("plan", JSON.textNode(plans[i % plans.length]));
            if (i % 3 != 2) {
                values.put("renewal", JSON.textNode(today.plusDays(7L * (i % 9) - 14).toString()));
            }
            values.put("seats", JSON.numberNode(BigDecimal.valueOf(1 + (i * 7) % 40)));
            values.put("newsletter", JSON.booleanNode(i % 2 == 0));
            Stage stage = pipeline.get(i % pipeline.size());
            String phone = "+49151" + String.format("%08d", 20_000_000 + i * 7_919);
            Optional<Long> id = contacts.insert(tx, new CrmContactRepository.NewContact(FIRST[i] + " " + LAST[i % LAST.length],
                    phone, FIRST[i].toLowerCase(Locale.ROOT) + "." + i + "@example.com", i % 7 == 6 ? null : stage.id(),
                    i % 4 == 0 ? null : ownerId, values, i % 3 == 0 ? "IMPORT" : "MANUAL"));
            if (id.isEmpty()) {
                continue;
            }
            activities.record(tx, id.get(), "contact.created", ownerId, "Contact created", Map.of("source", "MANUAL"));
            if (i % 7 != 6 && stage.position() > 0) {
                activities.record(tx, id.get(), "stage.changed", ownerId, "Stage: Lead → " + stage.name(),
                        Map.of("field", "stageId", "to", stage.id()));
            }
            List<Long> mine = new ArrayList<>();
            if (i % 4 == 0) {
                mine.add(tagIds.get(0));
            }
            if (i % 5 == 1) {
                mine.add(tagIds.get(1));
            }
            if (i % 3 == 0) {
                mine.add(tagIds.get(2));
            }
            if (i % 2 == 0) {
                mine.add(tagIds.get(3));
            }
            tags.add(tx, id.get(), mine);
        }
        // The customers who wrote in: tagged and in the pipeline too.
        Tx.list(tx.query("SELECT id FROM contact WHERE org_id = :org AND source = 'WHATSAPP' AND deleted_at IS NULL")
                .addParam("org", tx.orgId()), row -> row.column("id").getLong()).forEach(id -> {
            Contact c = contacts.byId(tx, id).orElseThrow();
            contacts.update(tx, new Contact(c.id(), c.name(), c.phone(), c.waId(), c.email(), c.tags(), pipeline.get(1).id(),
                    ownerId, Map.of("plan", JSON.textNode("Pro")), c.optedOut(), c.optedOutAt(), c.aiEnabled(), c.source(),
                    c.createdAt(), c.lastSeenAt(), c.lastInboundAt()));
            tags.add(tx, id, List.of(tagIds.get(2)));
            activities.record(tx, id, "stage.changed", ownerId, "Stage: none → " + pipeline.get(1).name(),
                    Map.of("field", "stageId", "to", pipeline.get(1).id()));
        });
    }
}
