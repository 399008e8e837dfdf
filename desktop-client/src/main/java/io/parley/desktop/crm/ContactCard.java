package io.parley.desktop.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.model.crm.Contact;
import io.parley.model.crm.CustomField;
import io.parley.model.crm.Stage;
import io.parley.model.identity.User;
import javafx.fxml.FXML;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

import java.util.Objects;
import java.util.function.Consumer;

/** The CRM card's view: choice boxes that save when changed, tags saved on Enter, the first filled fields. */
public final class ContactCard {
    private static final int KEY_FIELDS = 4;

    private final ContactCardViewModel model;
    private final Consumer<Contact> open;
    /** Set while the card shows a contact, so that filling the boxes does not save them. */
    private boolean filling;

    @FXML
    private VBox crmCard;
    @FXML
    private ComboBox<Stage> cardStage;
    @FXML
    private ComboBox<User> cardOwner;
    @FXML
    private TextField cardTags;
    @FXML
    private VBox cardFields;
    @FXML
    private Label cardStatus;
    @FXML
    private Hyperlink openContact;

    public ContactCard(ContactCardViewModel model, Consumer<Contact> open) {
        this.model = model;
        this.open = open;
    }

    @FXML
    private void initialize() {
        cardStage.setItems(model.stages());
        cardStage.setConverter(LabelConverter.of(Stage::name));
        cardOwner.setItems(model.members());
        cardOwner.setConverter(LabelConverter.of(User::name));
        cardStage.valueProperty().addListener((o, old, now) -> {
            if (!filling) {
                model.setStage(now);
            }
        });
        cardOwner.valueProperty().addListener((o, old, now) -> {
            if (!filling) {
                model.setOwner(now);
            }
        });
        cardTags.setOnAction(e -> model.setTags(cardTags.getText()));
        cardStatus.textProperty().bind(model.statusProperty());
        openContact.setOnAction(e -> {
            if (model.contactProperty().get() != null) {
                open.accept(model.contactProperty().get());
            }
        });
        model.contactProperty().addListener((o, old, contact) -> show(contact));
        show(model.contactProperty().get());
    }

    private void show(Contact contact) {
        crmCard.setVisible(contact != null);
        crmCard.setManaged(contact != null);
        if (contact == null) {
            return;
        }
        filling = true;
        try {
            cardStage.setValue(model.stages().stream().filter(s -> Objects.equals(s.id(), contact.stageId())).findFirst().orElse(null));
            cardOwner.setValue(model.members().stream().filter(m -> Objects.equals(m.id(), contact.ownerId())).findFirst().orElse(null));
            cardTags.setText(String.join(", ", contact.tags()));
        } finally {
            filling = false;
        }
        cardFields.getChildren().clear();
        int shown = 0;
        for (CustomField field : model.fields()) {
            JsonNode value = contact.customFields().get(field.key());
            if (value == null || value.isNull() || shown == KEY_FIELDS) {
                continue;
            }
            String text = field.type().equals("BOOLEAN") ? (value.asBoolean() ? "yes" : "no") : value.asText();
            Label line = new Label(field.label() + ": " + text);
            line.setId("cardField-" + field.key());
            line.setWrapText(true);
            cardFields.getChildren().add(line);
            shown++;
        }
    }
}
