package io.parley.desktop.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.desktop.app.Opener;
import io.parley.model.crm.Activity;
import io.parley.model.crm.Contact;
import io.parley.model.crm.CustomField;
import io.parley.model.crm.Segment;
import io.parley.model.crm.Stage;
import io.parley.model.crm.Tag;
import io.parley.model.identity.User;
import io.parley.model.inbox.Conversation;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
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
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The Contacts workspace's view: segments on the left, the list (virtualised, pages loaded as it
 * scrolls) in the middle, the picked contact on the right with a form built from the organisation's
 * custom fields (a date picker for dates, a choice box for selects, a tick for yes/no).
 */
public final class ContactsView {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT);

    /** What the workspace asks of the app: windows it opens, files it hands to the system. */
    public record Actions(Runnable importContacts, Runnable buildSegment, Opener opener, LongConsumer openConversation) {
    }

    private final ContactsViewModel model;
    private final Clock clock;
    private final Actions actions;
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
    private Button importContacts;
    @FXML
    private Button exportContacts;
    @FXML
    private Button newSegment;
    @FXML
    private Label contactsNotice;
    @FXML
    private HBox selectionBar;
    @FXML
    private Label selectionCount;
    @FXML
    private MenuButton bulkTag;
    @FXML
    private MenuButton bulkStage;
    @FXML
    private MenuButton bulkOwner;
    @FXML
    private Button bulkExport;
    @FXML
    private Button mergeContacts;
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
    @FXML
    private ListView<Conversation> detailConversations;

    private final TextField nameField = new TextField();
    private final TextField phoneField = new TextField();
    private final TextField emailField = new TextField();
    private final ComboBox<Stage> stageField = new ComboBox<>();
    private final ComboBox<User> ownerField = new ComboBox<>();
    private final TextField tagsField = new TextField();

    public ContactsView(ContactsViewModel model, Clock clock, Actions actions) {
        this.model = model;
        this.clock = clock;
        this.actions = actions;
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
        LabelConverter.filter(stageFilter, Stage::name);
        stageFilter.valueProperty().bindBidirectional(model.stageProperty());
        tagFilter.setItems(model.tags());
        LabelConverter.filter(tagFilter, t -> t.name() + " (" + t.contactCount() + ")");
        tagFilter.valueProperty().bindBidirectional(model.tagProperty());

        segmentList.setItems(model.segments());
        segmentList.setCellFactory(list -> new ListCell<>() {
            {
                // A long segment name is cut with an ellipsis instead of widening the list.
                prefWidthProperty().bind(list.widthProperty().subtract(18));
                setMaxWidth(USE_PREF_SIZE);
            }

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
        ownerField.setItems(model.members());
        ownerField.setConverter(LabelConverter.of(User::name));
        ownerField.setPromptText("Nobody");
        addRow(5, "Owner", ownerField);
        timelineList.setItems(model.timeline());
        timelineList.setPlaceholder(new Label("Nothing happened yet."));
        timelineList.setCellFactory(list -> new WrappingCell<>(list,
                a -> WHEN.format(a.at().atZone(zone())) + "  " + a.summary()));
        detailStatus.textProperty().bind(model.detailStatusProperty());
        model.selectedProperty().addListener((o, old, contact) -> show(contact));
        model.fields().addListener((ListChangeListener<CustomField>) change -> show(model.selectedProperty().get()));
        saveContact.setOnAction(e -> model.save(changes()));
        newContact.setOnAction(e -> askForNewContact());
        contactsNotice.textProperty().bind(model.noticeProperty());
        importContacts.setOnAction(e -> actions.importContacts().run());
        exportContacts.setOnAction(e -> model.export(List.of(), path -> actions.opener().open(path.toUri().toString())));
        show(importContacts, model.canImport());
        show(exportContacts, model.canExport());
        newSegment.setOnAction(e -> actions.buildSegment().run());
        detailConversations.setItems(model.conversations());
        detailConversations.setPlaceholder(new Label("No conversations yet."));
        detailConversations.setCellFactory(list -> new WrappingCell<>(list,
                c -> (c.lastMessageAt() == null ? "" : WHEN.format(c.lastMessageAt().atZone(zone())) + "  ")
                        + c.status() + (c.lastMessagePreview() == null ? "" : " · " + c.lastMessagePreview())));
        detailConversations.setOnMouseClicked(e -> {
            Conversation picked = detailConversations.getSelectionModel().getSelectedItem();
            if (e.getClickCount() == 2 && picked != null) {
                actions.openConversation().accept(picked.id());
            }
        });
        selectionBehaviour();
    }

    private static void show(Node node, boolean shown) {
        node.setVisible(shown);
        node.setManaged(shown);
    }

    /** Several rows picked: the bar of bulk actions (tags, stage, owner, export, merge of two). */
    private void selectionBehaviour() {
        contactsTable.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        contactsTable.getSelectionModel().getSelectedItems().addListener((ListChangeListener<Contact>) change -> {
            int picked = contactsTable.getSelectionModel().getSelectedItems().size();
            show(selectionBar, picked > 1);
            selectionCount.setText(picked + " selected");
            mergeContacts.setDisable(picked != 2);
        });
        show(bulkExport, model.canExport());
        show(mergeContacts, model.canMerge());
        MenuItem addTag = new MenuItem("Add a tag…");
        addTag.setOnAction(e -> askTag("Add a tag to the selected contacts").ifPresent(tag ->
                model.bulk(selectedIds(), Map.of("addTags", List.of(tag)), "Tagged {n} " + tag + ".")));
        MenuItem removeTag = new MenuItem("Remove a tag…");
        removeTag.setOnAction(e -> askTag("Remove a tag from the selected contacts").ifPresent(tag ->
                model.bulk(selectedIds(), Map.of("removeTags", List.of(tag)), "Took " + tag + " off {n}.")));
        bulkTag.getItems().setAll(addTag, removeTag);
        bulkStage.setOnShowing(e -> bulkStage.getItems().setAll(model.stages().stream().map(stage -> {
            MenuItem item = new MenuItem(stage.name());
            item.setOnAction(a -> model.bulk(selectedIds(), Map.of("stageId", stage.id()), "Moved {n} to " + stage.name() + "."));
            return item;
        }).toList()));
        bulkOwner.setOnShowing(e -> {
            bulkOwner.getItems().setAll(model.members().stream().map(member -> {
                MenuItem item = new MenuItem(member.name());
                item.setOnAction(a -> model.bulk(selectedIds(), Map.of("ownerId", member.id()), "Gave {n} to " + member.name() + "."));
                return item;
            }).toList());
            MenuItem nobody = new MenuItem("Nobody");
            Map<String, Object> noOwner = new HashMap<>();
            noOwner.put("ownerId", null);
            nobody.setOnAction(a -> model.bulk(selectedIds(), noOwner, "Took the owner off {n}."));
            bulkOwner.getItems().add(nobody);
        });
        bulkExport.setOnAction(e -> model.export(selectedIds(), path -> actions.opener().open(path.toUri().toString())));
        mergeContacts.setOnAction(e -> askToMerge());
    }

    private List<Long> selectedIds() {
        return contactsTable.getSelectionModel().getSelectedItems().stream().map(Contact::id).toList();
    }

    private Optional<String> askTag(String header) {
        TextInputDialog dialog = new TextInputDialog();
        dialog.initOwner(contactsTable.getScene().getWindow());
        dialog.setTitle("Tags");
        dialog.setHeaderText(header);
        dialog.getEditor().setId("bulkTagName");
        dialog.getEditor().setPromptText("Tag name");
        return dialog.showAndWait().map(String::strip).filter(t -> !t.isEmpty());
    }

    /** Two contacts are one customer: which one stays? Irreversible, so it is asked, with both named. */
    private void askToMerge() {
        List<Contact> two = List.copyOf(contactsTable.getSelectionModel().getSelectedItems());
        if (two.size() != 2) {
            return;
        }
        Contact a = two.get(0);
        Contact b = two.get(1);
        ButtonType keepA = new ButtonType("Keep " + shortName(a), ButtonBar.ButtonData.OK_DONE);
        ButtonType keepB = new ButtonType("Keep " + shortName(b), ButtonBar.ButtonData.OTHER);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, "", keepA, keepB, ButtonType.CANCEL);
        confirm.initOwner(contactsTable.getScene().getWindow());
        confirm.setTitle("Merge contacts");
        confirm.setHeaderText("Merge " + ContactsViewModel.name(a) + " and " + ContactsViewModel.name(b) + "?");
        confirm.setContentText("The contact you keep takes over the other's conversations, tags and timeline, and keeps its "
                + "own values where both have one. The other contact is removed. This cannot be undone.");
        confirm.getDialogPane().setId("mergeConfirm");
        confirm.showAndWait().ifPresent(answer -> {
            if (answer == keepA) {
                model.merge(a, b);
            } else if (answer == keepB) {
                model.merge(b, a);
            }
        });
    }

    private static String shortName(Contact contact) {
        String name = ContactsViewModel.name(contact);
        return name.length() > 24 ? name.substring(0, 23) + "…" : name;
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
        ownerField.setValue(model.members().stream().filter(m -> Objects.equals(m.id(), contact.ownerId())).findFirst().orElse(null));
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
        Long ownerId = ownerField.getValue() == null ? null : ownerField.getValue().id();
        if (!Objects.equals(ownerId, c.ownerId())) {
            changes.put("ownerId", ownerId);
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
