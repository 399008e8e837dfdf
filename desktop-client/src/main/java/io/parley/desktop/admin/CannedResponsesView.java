package io.parley.desktop.admin;

import io.parley.model.inbox.CannedResponse;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;

public final class CannedResponsesView {
    private final CannedResponsesViewModel model;

    @FXML
    private TableView<CannedResponse> responses;
    @FXML
    private TableColumn<CannedResponse, String> shortcutColumn;
    @FXML
    private TableColumn<CannedResponse, String> textColumn;
    @FXML
    private TextField shortcut;
    @FXML
    private TextArea text;
    @FXML
    private Button save;
    @FXML
    private Button newResponse;
    @FXML
    private Button delete;
    @FXML
    private Label cannedStatus;
    @FXML
    private Label cannedError;

    public CannedResponsesView(CannedResponsesViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        responses.setItems(model.responses());
        shortcutColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper("/" + c.getValue().shortcut()));
        textColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().text()));
        responses.getSelectionModel().selectedItemProperty().addListener((o, old, picked) -> model.editingProperty().set(picked));
        model.editingProperty().addListener((o, old, picked) -> {
            if (picked == null) {
                responses.getSelectionModel().clearSelection();
            }
        });
        shortcut.textProperty().bindBidirectional(model.shortcutProperty());
        text.textProperty().bindBidirectional(model.textProperty());
        save.textProperty().bind(model.editingProperty().map(picked -> "Save changes").orElse("Add canned response"));
        save.setOnAction(e -> model.save());
        newResponse.setOnAction(e -> model.editingProperty().set(null));
        delete.disableProperty().bind(model.editingProperty().isNull());
        delete.setOnAction(e -> model.delete());
        cannedStatus.textProperty().bind(model.statusProperty());
        cannedError.textProperty().bind(model.errorProperty());
    }
}
