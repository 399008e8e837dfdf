package io.parley.desktop.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.model.crm.Activity;
import io.parley.model.crm.Contact;
import io.parley.model.crm.CustomField;
import io.parley.model.crm.Segment;
import io.parley.model.crm.Stage;
import io.parley.model.crm.Tag;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Contacts workspace's view: segments on the left, the list (virtualised, pages loaded as it
 * scrolls) in the middle, the picked contact on the right with a form built from the organisation's
 * custom fields (a date picker for dates, a choice box for selects, a tick for yes/no).
 */
public final class ContactsView {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT);

    private final ContactsViewModel model;
    private final Clock clock;
    private final Map<String, Supplier<Object>> fieldValues = new LinkedHashMap<>();
    private final PauseTransition typing = new PauseTransition(Duration.millis(250));

    @FXML
    private Button allContacts;
    @FXML
    private ListView<Segment> segmentList;
    @FXML
    private TextField contactSearch;
    @FXML
    private ComboBox<Stage> stageFilter;
    @FXML
    private ComboBox<Tag> tagFilter;
    @FXML
    private Button newContact;
    @FXML
    private Label contactsStatus;
    @FXML
    private Label contactsError;
    @FXML
    private TableView<Contact> contactsTable;
    @FXML
    private TableColumn<Contact, String> nameColumn;
    @FXML
    private TableColumn<Contact, String> phoneColumn;
    @FXML
    private TableColumn<Contact, String> emailColumn;
    @FXML
    private TableColumn<Contact, String> tagsColumn;
    @FXML
    private TableColumn<Contact, String> stageColumn;
    @FXML
    private TableColumn<Contact, String> seenColumn;
    @FXML
    private Label noContact;
    @FXML
    private ScrollPane contactDetail;
    @FXML
    private Label detailName;
    @FXML
    private GridPane detailForm;
    @FXML
    private VBox customFieldsBox;
    @FXML
    private CheckBox detailOptedOut;
    @FXML
    private CheckBox detailAi;
    @FXML
    private Button saveContact;
    @FXML
    private Label detailStatus;
    @FXML
    private ListView<Activity> timelineList;

    private final TextField nameField = new TextField();
    private final TextField phoneField = new TextField();
    private final TextField emailField = new TextField();
    private final ComboBox<Stage> stageField = new ComboBox<>();
    private final TextField tagsField = new TextField();

    public ContactsView(ContactsViewModel model, Clock clock) {
        this.model = model;
        this.clock = clock;
    }

    @FXML
    private void initialize() {
        column(nameColumn, Contact::name);
        column(phoneColumn, Contact::phone);
        column(emailColumn, Contact::email);
        column(tagsColumn, c -> String.join(", ", c.tags()));
        column(stageColumn, c -> model.stageName(c.stageId()));
        column(seenColumn, c -> c.lastSeenAt() == null ? "" : WHEN.format(c.lastSeenAt().atZone(zone())));
        contactsTable.setItems(model.contacts());
        contactsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        contactsTable.getStyleClass().addAll("dense", "striped");
        Label empty = new Label("No contacts here yet. Customers appear here as soon as they write in on WhatsApp.");
        empty.setWrapText(true);
        empty.setMaxWidth(360);
        empty.setTextAlignment(TextAlignment.CENTER);
        empty.getStyleClass().add("subtitle");
        contactsTable.setPlaceholder(empty);
        contactsTable.getSelectionModel().selectedItemProperty().addListener((o, old, picked) -> {
            if (picked != null && (model.selectedProperty().get() == null || model.selectedProperty().get().id() != picked.id())) {
                model.select(picked);
            }
        });
        contactsTable.skinProperty().addListener((o, old, skin) -> loadMoreNearTheEnd());
        contactsStatus.textProperty().bind(model.statusProperty());
        contactsError.textProperty().bind(model.errorProperty());

        typing.setOnFinished(e -> model.reload());
        contactSearch.textProperty().bindBidirectional(model.searchProperty());
        contactSearch.textProperty().addListener((o, old, now) -> typing.playFromStart());
        stageFilter.setItems(model.stages());
        stageFilter.setConverter(LabelConverter.of(Stage::name));
        stageFilter.valueProperty().bindBidirectional(model.stageProperty());
        tagFilter.setItems(model.tags());
        tagFilter.setConverter(LabelConverter.of(t -> t.name() + " (" + t.contactCount() + ")"));
        tagFilter.valueProperty().bindBidirectional(model.tagProperty());

        segmentList.setItems(model.segments());
        segmentList.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Segment s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : s.name() + "  ·  " + s.contactCount());
            }
        });
        segmentList.setPlaceholder(new Label("No saved segments"));
        segmentList.getSelectionModel().selectedItemProperty().addListener((o, old, s) -> model.segmentProperty().set(s));
        allContacts.setOnAction(e -> {
            segmentList.getSelectionModel().clearSelection();
            stageFilter.setValue(null);
            tagFilter.setValue(null);
            contactSearch.clear();
            model.reload();
        });

        stageField.setItems(model.stages());
        stageField.setConverter(LabelConverter.of(Stage::name));
        tagsField.setPromptText("vip, returning — separated by commas");
        addRow(0, "Name", nameField);
        addRow(1, "Phone", phoneField);
        addRow(2, "Email", emailField);
        addRow(3, "Stage", stageField);
        addRow(4, "Tags", tagsField);
        timelineList.setItems(model.timeline());
        timelineList.setPlaceholder(new Label("Nothing happened yet."));
        timelineList.setCellFactory(list -> new ListCell<>() {
            {
                // Long summaries wrap within the list instead of running off its edge.
                setWrapText(true);
                prefWidthProperty().bind(list.widthProperty().subtract(24));
                setMaxWidth(USE_PREF_SIZE);
            }

            @Override
            protected void updateItem(Activity a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : WHEN.format(a.at().atZone(zone())) + "  " + a.summary());
            }
        });
        detailStatus.textProperty().bind(model.detailStatusProperty());
        model.selectedProperty().addListener((o, old, contact) -> show(contact));
        model.fields().addListener((ListChangeListener<CustomField>) change -> show(model.selectedProperty().get()));
        saveContact.setOnAction(e -> model.save(changes()));
        newContact.setOnAction(e -> askForNewContact());
    }

    /** A small form for a contact made by hand: name, number (the org's default country applies), email. */
    private void askForNewContact() {
        TextField name = new TextField();
        name.setId("newName");
        TextField phone = new TextField();
        phone.setId("newPhone");
        phone.setPromptText("+49 151 12345678");
        TextField email = new TextField();
        email.setId("newEmail");
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.addRow(0, new Label("Name"), name);
        form.addRow(1, new Label("Phone"), phone);
        form.addRow(2, new Label("Email"), email);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(contactsTable.getScene().getWindow());
        dialog.setTitle("New contact");
        dialog.setHeaderText("New contact");
        dialog.getDialogPane().setContent(form);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty()
                .bind(name.textProperty().isEmpty().or(phone.textProperty().isEmpty()));
        dialog.setOnShown(e -> name.requestFocus());
        dialog.showAndWait().filter(ButtonType.OK::equals)
                .ifPresent(ok -> model.create(name.getText(), phone.getText(), email.getText()));
    }

    private ZoneId zone() {
        return clock.getZone();
    }

    /** Fills the form with {@code contact}, or shows the hint when none is picked. */
    private void show(Contact contact) {
        contactDetail.setVisible(contact != null);
        noContact.setVisible(contact == null);
        if (contact == null) {
            return;
        }
        detailName.setText(contact.name() == null ? contact.phone() : contact.name());
        nameField.setText(contact.name());
        phoneField.setText(contact.phone());
        emailField.setText(contact.email());
        stageField.setValue(model.stages().stream().filter(s -> Objects.equals(s.id(), contact.stageId())).findFirst().orElse(null));
        tagsField.setText(String.join(", ", contact.tags()));
        detailOptedOut.setSelected(contact.optedOut());
        detailAi.setSelected(contact.aiEnabled());
        customFieldsBox.getChildren().clear();
        fieldValues.clear();
        for (CustomField field : model.fields()) {
            JsonNode value = contact.customFields().get(field.key());
            Node editor = editor(field, value);
            Label label = new Label(field.label());
            label.getStyleClass().add("field-label");
            customFieldsBox.getChildren().addAll(label, editor);
        }
    }

    /** An editor that suits the field's type, remembering how to read its value back. */
    private Node editor(CustomField field, JsonNode value) {
        String id = "field-" + field.key();
        switch (field.type()) {
            case "DATE" -> {
                DatePicker picker = new DatePicker(value == null || value.isNull() ? null : LocalDate.parse(value.asText()));
                picker.setId(id);
                fieldValues.put(field.key(), () -> picker.getValue() == null ? null : picker.getValue().toString());
                return picker;
            }
            case "SELECT" -> {
                ComboBox<String> choice = new ComboBox<>();
                choice.getItems().add("");
                choice.getItems().addAll(field.options());
                choice.setValue(value == null || value.isNull() ? "" : value.asText());
                choice.setId(id);
                fieldValues.put(field.key(), () -> choice.getValue() == null || choice.getValue().isEmpty() ? null : choice.getValue());
                return choice;
            }
            case "BOOLEAN" -> {
                CheckBox tick = new CheckBox("Yes");
                tick.setSelected(value != null && value.asBoolean());
                tick.setId(id);
                fieldValues.put(field.key(), tick::isSelected);
                return tick;
            }
            default -> {
                TextField text = new TextField(value == null || value.isNull() ? "" : value.asText());
                text.setId(id);
                if (field.type().equals("NUMBER")) {
                    text.setPromptText("a number");
                }
                fieldValues.put(field.key(), () -> text.getText().isBlank() ? null : text.getText().strip());
                return text;
            }
        }
    }

    /** What the form changed against the contact as shown; the server checks every value again. */
    private Map<String, Object> changes() {
        Contact c = model.selectedProperty().get();
        Map<String, Object> changes = new HashMap<>();
        putIfChanged(changes, "name", blankToNull(nameField.getText()), c.name());
        putIfChanged(changes, "phone", blankToNull(phoneField.getText()), c.phone());
        putIfChanged(changes, "email", blankToNull(emailField.getText()), c.email());
        Long stageId = stageField.getValue() == null ? null : stageField.getValue().id();
        if (!Objects.equals(stageId, c.stageId())) {
            changes.put("stageId", stageId);
        }
        List<String> tags = Arrays.stream(tagsField.getText().split(",")).map(String::strip).filter(t -> !t.isEmpty())
                .distinct().toList();
        if (!tags.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList()
                .equals(c.tags().stream().sorted(String.CASE_INSENSITIVE_ORDER).toList())) {
            changes.put("tags", tags);
        }
        if (detailOptedOut.isSelected() != c.optedOut()) {
            changes.put("optedOut", detailOptedOut.isSelected());
        }
        if (detailAi.isSelected() != c.aiEnabled()) {
            changes.put("aiEnabled", detailAi.isSelected());
        }
        Map<String, Object> fields = new HashMap<>();
        fieldValues.forEach((key, read) -> {
            Object now = read.get();
            JsonNode was = c.customFields().get(key);
            String wasText = was == null || was.isNull() ? null : was.asText();
            String nowText = now == null ? null : now.toString();
            if (!Objects.equals(wasText, nowText)) {
                fields.put(key, now);
            }
        });
        if (!fields.isEmpty()) {
            changes.put("customFields", fields);
        }
        return changes;
    }

    private static void putIfChanged(Map<String, Object> changes, String field, String now, String was) {
        if (!Objects.equals(now, was)) {
            changes.put(field, now);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private void addRow(int row, String label, Node field) {
        field.setId("detail" + label);
        detailForm.addRow(row, new Label(label), field);
        GridPane.setHgrow(field, Priority.ALWAYS);
    }

    /** Asks for the next page when the list is scrolled into its last tenth. */
    private void loadMoreNearTheEnd() {
        for (Node node : contactsTable.lookupAll(".scroll-bar")) {
            if (node instanceof ScrollBar bar && bar.getOrientation() == Orientation.VERTICAL) {
                bar.valueProperty().addListener((o, old, now) -> {
                    if (now.doubleValue() >= bar.getMax() * 0.9) {
                        model.loadMore();
                    }
                });
            }
        }
    }

    private static void column(TableColumn<Contact, String> column, Function<Contact, String> text) {
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue() == null ? "" : text.apply(cell.getValue())));
    }
}
