package io.parley.desktop.crm;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parley.desktop.api.ParleyClient;
import io.parley.model.common.Page;
import io.parley.model.crm.Activity;
import io.parley.model.crm.Contact;
import io.parley.model.crm.ContactImport;
import io.parley.model.crm.CrmSettings;
import io.parley.model.crm.CustomField;
import io.parley.model.crm.ImportPreview;
import io.parley.model.crm.Segment;
import io.parley.model.crm.SegmentFilter;
import io.parley.model.crm.Stage;
import io.parley.model.crm.Tag;
import io.parley.model.identity.User;
import io.parley.model.inbox.Conversation;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The CRM's calls: contacts and their timeline, tags, stages, custom fields and segments. Blocking. */
public final class ContactsApi {
    private final ParleyClient client;

    public ContactsApi(ParleyClient client) {
        this.client = client;
    }

    /** A page of contacts; {@code filters} as the API names them (q, tag, stageId, segmentId, ...). */
    public Page<Contact> contacts(Map<String, String> filters, String cursor, int limit) {
        Map<String, String> query = new HashMap<>(filters);
        query.put("cursor", cursor);
        query.put("limit", Integer.toString(limit));
        return client.get("/api/v1/contacts", query, new TypeReference<>() {
        });
    }

    public Contact contact(long id) {
        return client.get("/api/v1/contacts/" + id, Contact.class);
    }

    /** PATCH with only the given fields; tags replace the contact's, customFields merge (null removes). */
    public Contact update(long id, Map<String, Object> changes) {
        return client.patch("/api/v1/contacts/" + id, changes, Contact.class);
    }

    public Contact create(Map<String, Object> contact) {
        return client.post("/api/v1/contacts", contact, Contact.class);
    }

    /** The contact's conversations, newest first (found by its number, then kept to this contact). */
    public List<Conversation> conversations(Contact contact) {
        if (contact.phone() == null) {
            return List.of();
        }
        Map<String, String> query = Map.of("q", contact.phone().substring(1), "status", "OPEN,PENDING,SNOOZED,RESOLVED",
                "limit", "50");
        return client.get("/api/v1/conversations", query, new TypeReference<Page<Conversation>>() {
        }).items().stream().filter(c -> c.contact() != null && c.contact().id() == contact.id()).toList();
    }

    public List<Activity> activities(long contactId) {
        return client.get("/api/v1/contacts/" + contactId + "/activities", Map.of("limit", "100"),
                new TypeReference<Page<Activity>>() {
                }).items();
    }

    public List<Tag> tags() {
        return client.get("/api/v1/tags", new TypeReference<Page<Tag>>() {
        }).items();
    }

    public List<Stage> stages() {
        return client.get("/api/v1/stages", new TypeReference<Page<Stage>>() {
        }).items();
    }

    /** The stages with counts of the contacts the filters (ownerId, tag, …) select. */
    public List<Stage> stages(Map<String, String> filters) {
        return client.get("/api/v1/stages", filters, new TypeReference<Page<Stage>>() {
        }).items();
    }

    /** The organisation's members, for owner pickers. */
    public List<User> members() {
        return client.get("/api/v1/users", Map.of("limit", "200"), new TypeReference<Page<User>>() {
        }).items();
    }

    /** The same change to many contacts: {@code {ids, addTags?, removeTags?, stageId?, ownerId?}}; answers how many changed. */
    public int bulk(Map<String, Object> change) {
        return client.post("/api/v1/contacts/bulk", change, BulkResult.class).updated();
    }

    /** What a contact file holds and how its columns would map; nothing is imported. */
    public ImportPreview previewImport(Path file) {
        return client.postForm("/api/v1/contacts/import/preview", file, Map.of(), ImportPreview.class);
    }

    /** Starts importing the file; {@code optionsJson} as API.md gives it. */
    public ContactImport startImport(Path file, String optionsJson) {
        return client.postForm("/api/v1/contacts/import", file, Map.of("options", optionsJson), ContactImport.class);
    }

    public ContactImport importStatus(long id) {
        return client.get("/api/v1/contacts/imports/" + id, ContactImport.class);
    }

    /** Saves the rows an import rejected, with the reason, as CSV. */
    public void downloadImportErrors(long id, Path target) {
        client.download("/api/v1/contacts/imports/" + id + "/errors.csv", Map.of(), target);
    }

    /** Saves the contacts the filters select as CSV (SUPERVISOR+). */
    public void export(Map<String, String> filters, Path target) {
        client.download("/api/v1/contacts/export", filters, target);
    }

    /** Saves just these contacts as CSV (SUPERVISOR+). */
    public void exportSelected(List<Long> ids, Path target) {
        String query = ids.stream().map(id -> "id=" + id).collect(Collectors.joining("&"));
        client.download("/api/v1/contacts/export?" + query, Map.of(), target);
    }

    /** Merges {@code otherId} into {@code survivorId} (ADMIN+; irreversible); answers the merged contact. */
    public Contact merge(long survivorId, long otherId) {
        return client.post("/api/v1/contacts/" + survivorId + "/merge", Map.of("otherId", otherId), Contact.class);
    }

    /** How many contacts a filter selects now, without saving it. */
    public long count(SegmentFilter filter) {
        return client.post("/api/v1/segments/count", Map.of("filter", filter), SegmentCount.class).contactCount();
    }

    public Segment saveSegment(String name, SegmentFilter filter) {
        return client.post("/api/v1/segments", Map.of("name", name, "filter", filter), Segment.class);
    }

    /** The answer of a filter's count. */
    public record SegmentCount(long contactCount) {
    }

    public CrmSettings settings() {
        return client.get("/api/v1/crm/settings", CrmSettings.class);
    }

    /** What a bulk change did. */
    public record BulkResult(int updated, List<Long> notFound) {
    }

    public List<CustomField> customFields() {
        return client.get("/api/v1/custom-fields", new TypeReference<Page<CustomField>>() {
        }).items();
    }

    public List<Segment> segments() {
        return client.get("/api/v1/segments", new TypeReference<Page<Segment>>() {
        }).items();
    }
}
