package io.parley.desktop.crm;

import io.parley.desktop.api.ApiException;
import io.parley.desktop.app.UiExecutor;
import io.parley.model.common.Page;
import io.parley.model.crm.Activity;
import io.parley.model.crm.Contact;
import io.parley.model.crm.CustomField;
import io.parley.model.crm.Segment;
import io.parley.model.crm.Stage;
import io.parley.model.crm.Tag;
import io.parley.model.identity.Role;
import io.parley.model.identity.User;
import io.parley.model.inbox.Conversation;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Contacts workspace: a list paged from the server as it scrolls (so a million contacts cost
 * what the visible ones cost), narrowed by search, stage, tag and saved segment; and the contact
 * picked from it, with its timeline, edited in place. Answers to an older filter than the current
 * one are dropped.
 */
public final class ContactsViewModel {
    static final int PAGE = 100;

    private final ContactsApi api;
    private final UiExecutor ui;
    private final ObservableList<Contact> contacts = FXCollections.observableArrayList();
    private final ObservableList<Stage> stages = FXCollections.observableArrayList();
    private final ObservableList<Tag> tags = FXCollections.observableArrayList();
    private final ObservableList<Segment> segments = FXCollections.observableArrayList();
    private final ObservableList<CustomField> fields = FXCollections.observableArrayList();
    private final ObservableList<Activity> timeline = FXCollections.observableArrayList();
    private final ObservableList<User> members = FXCollections.observableArrayList();
    private final ObservableList<Conversation> conversations = FXCollections.observableArrayList();
    private final StringProperty search = new SimpleStringProperty("");
    private final ObjectProperty<Stage> stage = new SimpleObjectProperty<>();
    private final ObjectProperty<Tag> tag = new SimpleObjectProperty<>();
    private final ObjectProperty<Segment> segment = new SimpleObjectProperty<>();
    private final ObjectProperty<Contact> selected = new SimpleObjectProperty<>();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");
    private final StringProperty detailStatus = new SimpleStringProperty("");
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private String nextCursor;
    private long generation;
    private final Role role;
    private final Path downloads;

    /**
     * @param role      what the member may do here (export is SUPERVISOR+, merging ADMIN+)
     * @param downloads where exports are saved
     */
    public ContactsViewModel(ContactsApi api, UiExecutor ui, Role role, Path downloads) {
        this.api = api;
        this.ui = ui;
        this.role = role;
        this.downloads = downloads;
        stage.addListener((o, old, now) -> reload());
        tag.addListener((o, old, now) -> reload());
        segment.addListener((o, old, now) -> reload());
    }

    /** Loads the pipeline, tags, fields and segments, then the first page. */
    public void load() {
        record Setup(List<Stage> stages, List<Tag> tags, List<CustomField> fields, List<Segment> segments, List<User> members) {
        }
        ui.run(() -> new Setup(api.stages(), api.tags(), api.customFields(), api.segments(), api.members()), setup -> {
            stages.setAll(setup.stages());
            tags.setAll(setup.tags());
            fields.setAll(setup.fields());
            segments.setAll(setup.segments());
            members.setAll(setup.members());
        }, failure -> error.set(failure.getMessage()));
        reload();
    }

    /** The first page for the current filters (search is applied when the view says the typing paused). */
    public void reload() {
        long asked = ++generation;
        nextCursor = null;
        loading.set(true);
        Map<String, String> filters = filters();
        ui.run(() -> api.contacts(filters, null, PAGE), page -> {
            if (asked == generation) {
                contacts.setAll(page.items());
                accept(page);
            }
        }, this::fail);
    }

    /** The next page, when the list scrolled near its end and there is one. */
    public void loadMore() {
        if (nextCursor == null || loading.get()) {
            return;
        }
        long asked = generation;
        String cursor = nextCursor;
        loading.set(true);
        Map<String, String> filters = filters();
        ui.run(() -> api.contacts(filters, cursor, PAGE), page -> {
            if (asked == generation) {
                contacts.addAll(page.items());
                accept(page);
            }
        }, this::fail);
    }

    private void accept(Page<Contact> page) {
        nextCursor = page.nextCursor();
        loading.set(false);
        error.set("");
        status.set(contacts.isEmpty() ? "No contacts match." : contacts.size() + (nextCursor == null ? "" : "+")
                + (contacts.size() == 1 ? " contact" : " contacts"));
    }

    private void fail(Throwable failure) {
        loading.set(false);
        error.set(failure.getMessage());
    }

    private Map<String, String> filters() {
        Map<String, String> filters = new HashMap<>();
        filters.put("q", search.get() == null ? null : search.get().strip());
        filters.put("stageId", stage.get() == null ? null : Long.toString(stage.get().id()));
        filters.put("tag", tag.get() == null ? null : tag.get().name());
        filters.put("segmentId", segment.get() == null ? null : Long.toString(segment.get().id()));
        return filters;
    }

    /** A contact as just read, with its timeline. */
    private record Loaded(Contact contact, List<Activity> timeline) {
    }

    /** Shows a contact: fetched afresh with its timeline. */
    public void select(Contact contact) {
        selected.set(contact);
        timeline.clear();
        detailStatus.set("");
        if (contact == null) {
            return;
        }
        long id = contact.id();
        conversations.clear();
        ui.run(() -> new Loaded(api.contact(id), api.activities(id)), loaded -> {
            if (selected.get() != null && selected.get().id() == id) {
                selected.set(loaded.contact());
                timeline.setAll(loaded.timeline());
            }
        }, failure -> detailStatus.set(failure.getMessage()));
        ui.run(() -> api.conversations(contact), found -> {
            if (selected.get() != null && selected.get().id() == id) {
                conversations.setAll(found);
            }
        }, failure -> detailStatus.set(failure.getMessage()));
    }

    /**
     * Creates a contact and shows it; a number another contact has already opens that one instead,
     * so nobody makes the same customer twice.
     */
    public void create(String name, String phone, String email) {
        Map<String, Object> contact = new HashMap<>();
        contact.put("name", name == null ? null : name.strip());
        contact.put("phone", phone == null ? null : phone.strip());
        if (email != null && !email.isBlank()) {
            contact.put("email", email.strip());
        }
        error.set("");
        ui.run(() -> api.create(contact), created -> {
            reload();
            select(created);
            detailStatus.set("Created.");
        }, failure -> {
            if (failure instanceof ApiException conflict && conflict.existingId() != null) {
                ui.run(() -> api.contact(conflict.existingId()), existing -> {
                    select(existing);
                    detailStatus.set("This number belongs to this contact already.");
                }, again -> error.set(failure.getMessage()));
            } else {
                error.set(failure.getMessage());
            }
        });
    }

    /** Saves the changed fields of the shown contact; the list and the timeline follow. */
    public void save(Map<String, Object> changes) {
        Contact current = selected.get();
        if (current == null || changes.isEmpty()) {
            return;
        }
        detailStatus.set("Saving…");
        ui.run(() -> {
            Contact saved = api.update(current.id(), changes);
            return new Loaded(saved, api.activities(current.id()));
        }, result -> {
            Contact saved = result.contact();
            for (int i = 0; i < contacts.size(); i++) {
                if (contacts.get(i).id() == saved.id()) {
                    contacts.set(i, saved);
                }
            }
            if (selected.get() != null && selected.get().id() == saved.id()) {
                selected.set(saved);
                timeline.setAll(result.timeline());
            }
            detailStatus.set("Saved.");
        }, failure -> detailStatus.set("Not saved: " + failure.getMessage()));
    }

    /** The same change to the selected contacts ({@code addTags}, {@code removeTags}, {@code stageId}, {@code ownerId}). */
    public void bulk(List<Long> ids, Map<String, Object> change, String done) {
        if (ids.isEmpty()) {
            return;
        }
        Map<String, Object> body = new HashMap<>(change);
        body.put("ids", ids);
        error.set("");
        ui.run(() -> api.bulk(body), updated -> {
            notice.set(done.replace("{n}", updated + (updated == 1 ? " contact" : " contacts")));
            refreshTags();
            reload();
            if (selected.get() != null && ids.contains(selected.get().id())) {
                select(selected.get());
            }
        }, failure -> error.set("Not changed: " + failure.getMessage()));
    }

    private void refreshTags() {
        ui.run(api::tags, tags::setAll, failure -> error.set(failure.getMessage()));
    }

    /** Saves the contacts the current filters select (or just {@code ids}) as CSV in the downloads folder. */
    public void export(List<Long> ids, Consumer<Path> saved) {
        Map<String, String> filters = filters();
        String name = "contacts-" + LocalDate.now() + (ids.isEmpty() ? "" : "-selection") + ".csv";
        notice.set("Exporting…");
        ui.run(() -> {
            Files.createDirectories(downloads);
            Path target = downloads.resolve(name);
            if (ids.isEmpty()) {
                api.export(filters, target);
            } else {
                api.exportSelected(ids, target);
            }
            return target;
        }, target -> {
            notice.set("Exported to " + target);
            saved.accept(target);
        }, failure -> {
            notice.set("");
            error.set("Not exported: " + failure.getMessage());
        });
    }

    /** Merges {@code other} into {@code survivor} (irreversible: the view asks first) and shows the result. */
    public void merge(Contact survivor, Contact other) {
        ui.run(() -> api.merge(survivor.id(), other.id()), merged -> {
            notice.set(name(other) + " was merged into " + name(merged) + ".");
            reload();
            select(merged);
        }, failure -> error.set("Not merged: " + failure.getMessage()));
    }

    /** A saved segment: the list shows it and picks it. */
    public void segmentSaved(Segment segment) {
        ui.run(api::segments, all -> {
            segments.setAll(all);
            all.stream().filter(s -> s.id() == segment.id()).findFirst().ifPresent(this.segment::set);
        }, failure -> error.set(failure.getMessage()));
    }

    static String name(Contact contact) {
        return contact.name() != null && !contact.name().isBlank() ? contact.name() : contact.phone();
    }

    public boolean canExport() {
        return role.atLeast(Role.SUPERVISOR);
    }

    public boolean canImport() {
        return role.atLeast(Role.SUPERVISOR);
    }

    public boolean canMerge() {
        return role.atLeast(Role.ADMIN);
    }

    /** The owner's name for a table cell; empty when nobody owns the contact. */
    public String ownerName(Long ownerId) {
        if (ownerId == null) {
            return "";
        }
        return members.stream().filter(m -> m.id() == ownerId).map(User::name).findFirst().orElse("");
    }

    /** The picked contact's conversations. */
    public ObservableList<Conversation> conversations() {
        return conversations;
    }

    public ObservableList<User> members() {
        return members;
    }

    public StringProperty noticeProperty() {
        return notice;
    }

    public ContactsApi api() {
        return api;
    }

    /** The stage's name for a table cell; empty outside the pipeline. */
    public String stageName(Long stageId) {
        if (stageId == null) {
            return "";
        }
        return stages.stream().filter(s -> s.id() == stageId).map(Stage::name).findFirst().orElse("");
    }

    public ObservableList<Contact> contacts() {
        return contacts;
    }

    public ObservableList<Stage> stages() {
        return stages;
    }

    public ObservableList<Tag> tags() {
        return tags;
    }

    public ObservableList<Segment> segments() {
        return segments;
    }

    public ObservableList<CustomField> fields() {
        return fields;
    }

    public ObservableList<Activity> timeline() {
        return timeline;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ObjectProperty<Stage> stageProperty() {
        return stage;
    }

    public ObjectProperty<Tag> tagProperty() {
        return tag;
    }

    public ObjectProperty<Segment> segmentProperty() {
        return segment;
    }

    public ObjectProperty<Contact> selectedProperty() {
        return selected;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public StringProperty detailStatusProperty() {
        return detailStatus;
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }
}
