package io.parley.desktop.inbox;

import io.parley.desktop.app.Opener;
import io.parley.desktop.app.Shortcut;
import io.parley.model.identity.User;
import io.parley.model.inbox.Conversation;
import io.parley.model.inbox.Message;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.FileChooser;
import javafx.util.Duration;

import java.io.File;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Binds InboxView.fxml to the inbox and chat view-models. */
public final class InboxView {
    private static final Map<String, String> STATUS_FILTERS = Map.of(
            "Open", "OPEN,PENDING", "Snoozed", "SNOOZED", "Resolved", "RESOLVED", "Any", "OPEN,PENDING,SNOOZED,RESOLVED");

    private static final DateTimeFormatter HISTORY_DAY = DateTimeFormatter.ofPattern("d MMM yyyy").withZone(ZoneId.systemDefault());
    private static final PseudoClass WINDOW_CLOSED = PseudoClass.getPseudoClass("window-closed");

    private final InboxViewModel model;
    private final ChatViewModel chat;
    private final Clock clock;
    private final Opener opener;
    private final ImageCache images = new ImageCache();
    private final ContextMenu cannedMenu = new ContextMenu();

    @FXML
    private Label banner;
    @FXML
    private ToggleGroup tabs;
    @FXML
    private ToggleButton mineTab;
    @FXML
    private ToggleButton unassignedTab;
    @FXML
    private ToggleButton allTab;
    @FXML
    private TextField search;
    @FXML
    private ComboBox<String> status;
    @FXML
    private Label listError;
    @FXML
    private ListView<Conversation> conversations;
    @FXML
    private Label chatTitle;
    @FXML
    private Button assignToMe;
    @FXML
    private Button resolve;
    @FXML
    private ListView<Message> messages;
    @FXML
    private Label windowClosed;
    @FXML
    private Label chatError;
    @FXML
    private TextArea composer;
    @FXML
    private ToggleButton noteMode;
    @FXML
    private Button template;
    @FXML
    private Button send;
    @FXML
    private Button attach;
    @FXML
    private Label contactName;
    @FXML
    private Label contactPhone;
    @FXML
    private Label conversationStatus;
    @FXML
    private Label channelName;
    @FXML
    private TextField labelsField;
    @FXML
    private ListView<Conversation> contactHistory;
    @FXML
    private ComboBox<Assignee> assignee;
    @FXML
    private ComboBox<String> priority;
    @FXML
    private MenuButton snooze;

    public InboxView(InboxViewModel model, Clock clock, Opener opener) {
        this.opener = opener;
        this.model = model;
        this.chat = model.chat();
        this.clock = clock;
    }

    @FXML
    private void initialize() {
        banner.textProperty().bind(model.connectionProperty());
        banner.visibleProperty().bind(model.connectionProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());

        mineTab.textProperty().bind(Bindings.concat("Mine ", model.mineProperty()));
        unassignedTab.textProperty().bind(Bindings.concat("Unassigned ", model.unassignedProperty()));
        allTab.textProperty().bind(Bindings.concat("All ", model.allProperty()));
        allTab.setSelected(true);
        tabs.selectedToggleProperty().addListener((o, old, selected) -> {
            if (selected == null) {
                old.setSelected(true);
                return;
            }
            model.tabProperty().set(selected == mineTab ? InboxViewModel.Tab.MINE
                    : selected == unassignedTab ? InboxViewModel.Tab.UNASSIGNED : InboxViewModel.Tab.ALL);
        });

        status.getItems().setAll("Open", "Snoozed", "Resolved", "Any");
        status.getSelectionModel().select("Open");
        status.valueProperty().addListener((o, a, b) -> model.statusProperty().set(STATUS_FILTERS.get(b)));

        // Search as the agent types, once they pause.
        PauseTransition debounce = new PauseTransition(Duration.millis(300));
        debounce.setOnFinished(e -> model.reload());
        search.textProperty().bindBidirectional(model.searchProperty());
        search.textProperty().addListener((o, a, b) -> debounce.playFromStart());

        listError.textProperty().bind(model.errorProperty());
        listError.visibleProperty().bind(model.errorProperty().isNotEmpty());
        listError.managedProperty().bind(listError.visibleProperty());

        conversations.setItems(model.conversations());
        conversations.setCellFactory(list -> new ConversationCell(model, clock));
        conversations.getSelectionModel().selectedItemProperty().addListener((o, a, selected) -> {
            if (!model.rearrangingProperty().get() && selected != null && !model.isOpen(selected)) {
                model.select(selected);
            }
        });
        // After the list moved under the agent's feet (live updates), the open conversation stays selected.
        model.rearrangingProperty().addListener((o, was, now) -> {
            if (!now) {
                Conversation open = chat.conversationProperty().get();
                int index = -1;
                for (int i = 0; open != null && i < model.conversations().size(); i++) {
                    if (model.conversations().get(i).id() == open.id()) {
                        index = i;
                    }
                }
                if (index >= 0) {
                    conversations.getSelectionModel().select(index);
                } else {
                    conversations.getSelectionModel().clearSelection();
                }
            }
        });

        messages.setItems(chat.messages());
        messages.setCellFactory(list -> new MessageCell(chat, opener, images));
        chat.messages().addListener((ListChangeListener<Message>) c ->
                messages.scrollTo(chat.messages().size() - 1));

        chatTitle.textProperty().bind(Bindings.createStringBinding(() -> chat.conversationProperty().get() == null
                ? "Pick a conversation" : ConversationCell.name(chat.conversationProperty().get()), chat.conversationProperty()));
        contactName.textProperty().bind(chatTitle.textProperty());
        contactPhone.textProperty().bind(Bindings.createStringBinding(() -> {
            Conversation c = chat.conversationProperty().get();
            return c == null || c.contact().phone() == null ? "" : c.contact().phone();
        }, chat.conversationProperty()));
        conversationStatus.textProperty().bind(Bindings.createStringBinding(() -> {
            Conversation c = chat.conversationProperty().get();
            return c == null ? "" : c.status() + " · " + c.priority();
        }, chat.conversationProperty()));
        installHeader();
        installContactPanel();

        windowClosed.visibleProperty().bind(chat.conversationProperty().isNotNull().and(chat.windowOpenProperty().not())
                .and(chat.noteModeProperty().not()));
        windowClosed.managedProperty().bind(windowClosed.visibleProperty());
        chatError.textProperty().bind(chat.errorProperty());
        chatError.visibleProperty().bind(chat.errorProperty().isNotEmpty());
        chatError.managedProperty().bind(chatError.visibleProperty());

        composer.textProperty().bindBidirectional(chat.draftProperty());
        composer.disableProperty().bind(chat.conversationProperty().isNull());
        // A filter, so Enter sends before the text area turns it into a new line; Shift+Enter still does.
        composer.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && !e.isShiftDown()) {
                e.consume();
                chat.send();
            } else if (e.getCode() == KeyCode.ENTER) {
                e.consume();
                composer.insertText(composer.getCaretPosition(), "\n");
            }
        });
        noteMode.selectedProperty().bindBidirectional(chat.noteModeProperty());
        attach.disableProperty().bind(chat.conversationProperty().isNull().or(chat.sendingProperty()));
        attach.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Send a file");
            File file = chooser.showOpenDialog(attach.getScene().getWindow());
            if (file != null) {
                chat.sendFile(file.toPath());
            }
        });
        installCannedResponses();
        composer.styleProperty().bind(Bindings.when(chat.noteModeProperty())
                .then("-fx-control-inner-background: #fff8dc;").otherwise(""));
        send.textProperty().bind(Bindings.when(chat.noteModeProperty()).then("Add note").otherwise("Send"));
        send.disableProperty().bind(chat.conversationProperty().isNull().or(chat.sendingProperty()));
        send.setOnAction(e -> chat.send());
        template.disableProperty().bind(chat.conversationProperty().isNull().or(chat.sendingProperty()));
        template.getStyleClass().add("template-button");
        chat.windowOpenProperty().addListener((o, a, open) -> template.pseudoClassStateChanged(WINDOW_CLOSED, !open));
        conversations.sceneProperty().addListener((o, old, scene) -> {
            if (scene != null) {
                installShortcuts(scene);
            }
        });
        template.setOnAction(e -> chat.loadTemplates(templates -> {
            Conversation open = chat.conversationProperty().get();
            if (open != null) {
                TemplatePicker.show(template.getScene().getWindow(), new TemplatePickerViewModel(templates, open.channelId()))
                        .ifPresent(chat::sendTemplate);
            }
        }));
    }

    /** An entry of the assignee picker; a null id is "Unassigned". */
    private record Assignee(Long id, String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    private boolean showingConversation;

    /** Assignee picker, assign to me, priority, snooze presets, resolve/reopen — all on the open conversation. */
    private void installHeader() {
        BooleanBinding none = chat.conversationProperty().isNull();
        assignee.disableProperty().bind(none);
        assignToMe.disableProperty().bind(none);
        priority.disableProperty().bind(none);
        snooze.disableProperty().bind(none);
        resolve.disableProperty().bind(none);

        model.members().addListener((ListChangeListener<User>) change -> fillAssignees());
        fillAssignees();
        assignee.valueProperty().addListener((o, old, chosen) -> {
            if (!showingConversation && chosen != null) {
                assignTo(chosen.id());
            }
        });
        assignToMe.setOnAction(e -> assignTo(model.myUserId()));

        priority.getItems().setAll("LOW", "NORMAL", "HIGH", "URGENT");
        priority.valueProperty().addListener((o, old, chosen) -> {
            if (!showingConversation && chosen != null) {
                chat.update(Map.of("priority", chosen));
            }
        });

        snooze.setOnShowing(e -> snooze.getItems().setAll(SnoozePresets.from(clock.instant().atZone(ZoneId.systemDefault()))
                .stream().map(preset -> {
                    MenuItem item = new MenuItem(preset.label());
                    item.setOnAction(a -> chat.snooze(preset.until()));
                    return item;
                }).toList()));

        resolve.setOnAction(e -> {
            Conversation c = chat.conversationProperty().get();
            if (c != null) {
                chat.update(Map.of("status", isClosed(c) ? "OPEN" : "RESOLVED"));
            }
        });
        chat.conversationProperty().addListener((o, old, c) -> showConversation(c));
        showConversation(chat.conversationProperty().get());
    }

    private static boolean isClosed(Conversation c) {
        return c.status().equals("RESOLVED") || c.status().equals("SNOOZED");
    }

    private void assignTo(Long userId) {
        Map<String, Object> change = new HashMap<>();
        change.put("assigneeId", userId);
        chat.update(change);
    }

    private void fillAssignees() {
        List<Assignee> choices = new ArrayList<>();
        choices.add(new Assignee(null, "Unassigned"));
        model.members().forEach(u -> choices.add(new Assignee(u.id(), (Boolean.TRUE.equals(u.online()) ? "● " : "○ ")
                + u.name() + (u.id() == model.myUserId() ? " (me)" : ""))));
        showingConversation = true;
        try {
            assignee.getItems().setAll(choices);
            showConversation(chat.conversationProperty().get());
        } finally {
            showingConversation = false;
        }
    }

    /** Puts the conversation's state in the header without it counting as the agent's change. */
    private void showConversation(Conversation c) {
        boolean wasShowing = showingConversation;
        showingConversation = true;
        try {
            Long assigneeId = c == null ? null : c.assigneeId();
            assignee.setValue(assignee.getItems().stream().filter(a -> Objects.equals(a.id(), assigneeId)).findFirst()
                    .orElse(c == null ? null : new Assignee(assigneeId, assigneeId == null ? "Unassigned" : "User #" + assigneeId)));
            priority.setValue(c == null ? null : c.priority());
            resolve.setText(c != null && isClosed(c) ? "Reopen" : "Resolve");
            labelsField.setText(c == null ? "" : String.join(", ", c.labels()));
            channelName.setText(c == null ? "" : "Channel: " + model.channelName(c.channelId()));
        } finally {
            showingConversation = wasShowing;
        }
    }

    private void installContactPanel() {
        labelsField.disableProperty().bind(chat.conversationProperty().isNull());
        labelsField.setOnAction(e -> chat.setLabels(labelsField.getText()));
        contactHistory.setItems(model.contactHistory());
        contactHistory.setPlaceholder(new Label("No earlier conversations"));
        contactHistory.setCellFactory(list -> new ListCell<>() {
            {
                setPrefWidth(0);
                setWrapText(true);
            }

            @Override
            protected void updateItem(Conversation c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : c.status().toLowerCase()
                        + (c.lastMessageAt() == null ? "" : " · " + HISTORY_DAY.format(c.lastMessageAt()))
                        + (c.lastMessagePreview() == null ? "" : " — " + c.lastMessagePreview()));
            }
        });
        contactHistory.setOnMouseClicked(e -> {
            Conversation chosen = contactHistory.getSelectionModel().getSelectedItem();
            if (e.getClickCount() == 2 && chosen != null && !model.isOpen(chosen)) {
                model.select(chosen);
            }
        });
    }

    /** Typing {@code /shortcut} offers the matching canned responses under the composer. */
    private void installCannedResponses() {
        cannedMenu.setId("cannedMenu");
        chat.draftProperty().addListener((o, old, text) -> chat.suggestCanned(text));
        chat.suggestions().addListener((ListChangeListener<ChatViewModel.CannedSuggestion>) change -> {
            cannedMenu.getItems().clear();
            for (ChatViewModel.CannedSuggestion suggestion : chat.suggestions()) {
                String preview = suggestion.text().length() > 80 ? suggestion.text().substring(0, 79) + "…" : suggestion.text();
                MenuItem item = new MenuItem("/" + suggestion.shortcut() + "  —  " + preview);
                item.setOnAction(e -> {
                    chat.useCanned(suggestion);
                    composer.positionCaret(composer.getLength());
                });
                cannedMenu.getItems().add(item);
            }
            if (cannedMenu.getItems().isEmpty()) {
                cannedMenu.hide();
            } else if (!cannedMenu.isShowing() && composer.getScene() != null) {
                cannedMenu.show(composer, Side.TOP, 0, 0);
            }
        });
    }

    private void installShortcuts(Scene scene) {
        Map<Shortcut, Runnable> actions = new EnumMap<>(Shortcut.class);
        actions.put(Shortcut.NEXT_CONVERSATION, () -> moveSelection(1));
        actions.put(Shortcut.PREVIOUS_CONVERSATION, () -> moveSelection(-1));
        actions.put(Shortcut.FOCUS_COMPOSER, composer::requestFocus);
        actions.put(Shortcut.FOCUS_SEARCH, search::requestFocus);
        actions.put(Shortcut.ASSIGN_TO_ME, () -> {
            if (!assignToMe.isDisabled()) {
                assignTo(model.myUserId());
            }
        });
        actions.put(Shortcut.RESOLVE, () -> {
            if (!resolve.isDisabled()) {
                resolve.fire();
            }
        });
        // The keys belong to the inbox only while its workspace shows.
        actions.forEach((shortcut, action) -> scene.getAccelerators().put(shortcut.combination(), () -> {
            if (conversations.getScene() == scene && isShowing(conversations)) {
                action.run();
            }
        }));
    }

    private static boolean isShowing(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private void moveSelection(int step) {
        int size = conversations.getItems().size();
        if (size == 0) {
            return;
        }
        int current = conversations.getSelectionModel().getSelectedIndex();
        int next = current < 0 ? 0 : Math.max(0, Math.min(size - 1, current + step));
        conversations.getSelectionModel().select(next);
        conversations.scrollTo(next);
    }
}
