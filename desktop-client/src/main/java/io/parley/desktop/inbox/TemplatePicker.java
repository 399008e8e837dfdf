package io.parley.desktop.inbox;

import io.parley.model.channel.Template;
import io.parley.model.inbox.MessageRequest;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The template dialog (TemplatePicker.fxml): pick, fill in, see the preview, send. */
public final class TemplatePicker {
    private final TemplatePickerViewModel model;

    @FXML
    private ComboBox<Template> template;
    @FXML
    private VBox variables;
    @FXML
    private Label preview;
    @FXML
    private Label none;

    private TemplatePicker(TemplatePickerViewModel model) {
        this.model = model;
    }

    /** Shows the dialog; the request to send, or empty when cancelled. */
    public static Optional<MessageRequest> show(Window owner, TemplatePickerViewModel model) {
        TemplatePicker controller = new TemplatePicker(model);
        FXMLLoader loader = new FXMLLoader(TemplatePicker.class.getResource("TemplatePicker.fxml"));
        loader.setControllerFactory(type -> controller);
        Parent content;
        try {
            content = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Send a template");
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(new ButtonType("Send", ButtonType.OK.getButtonData()), ButtonType.CANCEL);
        var send = dialog.getDialogPane().lookupButton(dialog.getDialogPane().getButtonTypes().getFirst());
        send.setId("sendTemplate");
        send.disableProperty().bind(Bindings.createBooleanBinding(() -> !model.complete(),
                model.previewProperty(), model.selectedProperty()));
        return dialog.showAndWait().filter(b -> b.getButtonData() == ButtonType.OK.getButtonData()).map(b -> model.request());
    }

    @FXML
    private void initialize() {
        template.setItems(model.templates());
        template.setCellFactory(list -> new TemplateCell());
        template.setButtonCell(new TemplateCell());
        template.valueProperty().bindBidirectional(model.selectedProperty());
        preview.textProperty().bind(model.previewProperty());
        none.setVisible(model.templates().isEmpty());
        none.setManaged(model.templates().isEmpty());
        model.parameters().addListener((ListChangeListener<Object>) c -> fields());
        fields();
    }

    private void fields() {
        variables.getChildren().clear();
        for (int i = 0; i < model.parameters().size(); i++) {
            TextField field = new TextField();
            field.setId("variable" + (i + 1));
            field.setPromptText("{{" + (i + 1) + "}}");
            field.textProperty().bindBidirectional(model.parameters().get(i));
            variables.getChildren().add(field);
        }
    }

    private static final class TemplateCell extends ListCell<Template> {
        @Override
        protected void updateItem(Template t, boolean empty) {
            super.updateItem(t, empty);
            setText(empty || t == null ? null : t.name() + " (" + t.language() + ")");
        }
    }
}
