package io.parley.desktop.admin;

import io.parley.desktop.app.UiExecutor;
import io.parley.model.inbox.CannedResponse;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The admin panel's canned responses: pick one to edit it, or clear the pick to write a new one.
 * The server checks the shortcut's form and that it is unique.
 */
public final class CannedResponsesViewModel {
    private final ObservableList<CannedResponse> responses = FXCollections.observableArrayList();
    private final ObjectProperty<CannedResponse> editing = new SimpleObjectProperty<>();
    private final StringProperty shortcut = new SimpleStringProperty("");
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");

    private final AdminApi client;
    private final UiExecutor ui;

    public CannedResponsesViewModel(AdminApi client, UiExecutor ui) {
        this.client = client;
        this.ui = ui;
        editing.addListener((o, old, picked) -> {
            shortcut.set(picked == null ? "" : picked.shortcut());
            text.set(picked == null ? "" : picked.text());
        });
    }

    public void load() {
        ui.run(client::cannedResponses, responses::setAll, this::fail);
    }

    /** Saves the form: a new canned response, or changes to the picked one. */
    public void save() {
        CannedResponse picked = editing.get();
        String key = shortcut.get() == null ? "" : shortcut.get().strip().replaceFirst("^/", "");
        String body = text.get() == null ? "" : text.get().strip();
        ui.run(() -> picked == null ? client.createCannedResponse(key, body) : client.updateCannedResponse(picked.id(), key, body),
                saved -> {
                    if (picked == null) {
                        responses.add(saved);
                    } else {
                        responses.replaceAll(r -> r.id() == saved.id() ? saved : r);
                    }
                    clearForm();
                    error.set("");
                    status.set("Saved /" + saved.shortcut() + ".");
                }, this::fail);
    }

    public void delete() {
        CannedResponse picked = editing.get();
        if (picked == null) {
            return;
        }
        ui.run(() -> {
            client.deleteCannedResponse(picked.id());
            return picked;
        }, deleted -> {
            responses.removeIf(r -> r.id() == deleted.id());
            clearForm();
            error.set("");
            status.set("Deleted /" + deleted.shortcut() + ".");
        }, this::fail);
    }

    private void clearForm() {
        editing.set(null);
        shortcut.set("");
        text.set("");
    }

    private void fail(Throwable failure) {
        status.set("");
        error.set(failure.getMessage());
    }

    public ObservableList<CannedResponse> responses() {
        return responses;
    }

    public ObjectProperty<CannedResponse> editingProperty() {
        return editing;
    }

    public StringProperty shortcutProperty() {
        return shortcut;
    }

    public StringProperty textProperty() {
        return text;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty errorProperty() {
        return error;
    }
}
