package io.parley.desktop.crm;

import io.parley.desktop.app.UiExecutor;
import io.parley.model.crm.Contact;
import io.parley.model.crm.CustomField;
import io.parley.model.crm.Stage;
import io.parley.model.identity.User;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CRM card beside a conversation: the customer's stage, owner, tags and key custom fields,
 * changed in place without leaving the chat. Answers about a contact no longer shown are dropped.
 */
public final class ContactCardViewModel {
    private final ContactsApi api;
    private final UiExecutor ui;
    private final ObjectProperty<Contact> contact = new SimpleObjectProperty<>();
    private final ObservableList<Stage> stages = FXCollections.observableArrayList();
    private final ObservableList<User> members = FXCollections.observableArrayList();
    private final ObservableList<CustomField> fields = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty("");
    private boolean loaded;
    private Long shown;

    public ContactCardViewModel(ContactsApi api, UiExecutor ui) {
        this.api = api;
        this.ui = ui;
    }

    /** Shows the contact with this id (null: none); the pipeline, members and fields are read the first time. */
    public void show(Long contactId) {
        shown = contactId;
        status.set("");
        if (contactId == null) {
            contact.set(null);
            return;
        }
        if (!loaded) {
            loaded = true;
            record Setup(List<Stage> stages, List<User> members, List<CustomField> fields) {
            }
            ui.run(() -> new Setup(api.stages(), api.members(), api.customFields()), setup -> {
                stages.setAll(setup.stages());
                members.setAll(setup.members());
                fields.setAll(setup.fields());
                if (contact.get() != null) {
                    // Redrawn with the names the card needed.
                    Contact current = contact.get();
                    contact.set(null);
                    contact.set(current);
                }
            }, failure -> {
                loaded = false;
                status.set(failure.getMessage());
            });
        }
        ui.run(() -> api.contact(contactId), read -> {
            if (contactId.equals(shown)) {
                contact.set(read);
            }
        }, failure -> status.set(failure.getMessage()));
    }

    public void setStage(Stage stage) {
        save(mapOf("stageId", stage == null ? null : stage.id()), "Stage saved.");
    }

    public void setOwner(User owner) {
        save(mapOf("ownerId", owner == null ? null : owner.id()), "Owner saved.");
    }

    /** Tags as typed, separated by commas; they replace the contact's tags. */
    public void setTags(String text) {
        List<String> tags = Arrays.stream(text == null ? new String[0] : text.split(",")).map(String::strip)
                .filter(t -> !t.isEmpty()).distinct().toList();
        save(mapOf("tags", tags), "Tags saved.");
    }

    private static Map<String, Object> mapOf(String key, Object value) {
        Map<String, Object> change = new HashMap<>();
        change.put(key, value);
        return change;
    }

    private void save(Map<String, Object> change, String done) {
        Contact current = contact.get();
        if (current == null) {
            return;
        }
        status.set("Saving…");
        ui.run(() -> api.update(current.id(), change), saved -> {
            if (Long.valueOf(saved.id()).equals(shown)) {
                contact.set(saved);
                status.set(done);
            }
        }, failure -> {
            status.set("Not saved: " + failure.getMessage());
            Contact again = contact.get();
            contact.set(null);
            contact.set(again);
        });
    }

    /** A contact changed elsewhere (another agent, a bulk change): the card follows if it shows it. */
    public void changed(Contact changed) {
        if (Long.valueOf(changed.id()).equals(shown)) {
            contact.set(changed);
        }
    }

    public String stageName(Long stageId) {
        return stageId == null ? "" : stages.stream().filter(s -> s.id() == stageId).map(Stage::name).findFirst().orElse("");
    }

    public ObjectProperty<Contact> contactProperty() {
        return contact;
    }

    public ObservableList<Stage> stages() {
        return stages;
    }

    public ObservableList<User> members() {
        return members;
    }

    public ObservableList<CustomField> fields() {
        return fields;
    }

    public StringProperty statusProperty() {
        return status;
    }
}
