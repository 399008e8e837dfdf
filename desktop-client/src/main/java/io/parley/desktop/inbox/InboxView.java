package io.parley.desktop.inbox;

import io.parley.desktop.app.Opener;
import io.parley.model.inbox.Conversation;
import io.parley.model.inbox.Message;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.geometry.Side;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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
import java.util.EnumMap;
import java.util.Map;

/** Binds InboxView.fxml to the inbox and chat view-models. */
public final class InboxView {
    private static final Map<String, String> STATUS_FILTERS = Map.of(
            "Open", "OPEN,PENDING", "Snoozed", "SNOOZED", "Resolved", "RESOLVED", "Any", "OPEN,PENDING,SNOOZED,RESOLVED");

    private static final PseudoClass WINDOW_CLOSED = PseudoClass.getPseudoClass("window-closed");

    private final InboxViewModel model;
    private final ChatViewModel chat;
    private final Clock clock;
    private final Runnable assignToMeAction;
    private final Runnable resolveAction;
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
    private Label labels;

    public InboxView(InboxViewModel model, Clock clock, Opener opener, Runnable assignToMe, Runnable resolve) {
        this.opener = opener;
        this.model = model;
        this.chat = model.chat();
        this.clock = clock;
        this.assignToMeAction = assignToMe;
        this.resolveAction = resolve;
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
        labels.textProperty().bind(Bindings.createStringBinding(() -> {
            Conversation c = chat.conversationProperty().get();
            return c == null || c.labels().isEmpty() ? "" : "Labels: " + String.join(", ", c.labels());
        }, chat.conversationProperty()));

        assignToMe.disableProperty().bind(chat.conversationProperty().isNull());
        resolve.disableProperty().bind(chat.conversationProperty().isNull());
        assignToMe.setOnAction(e -> assignToMeAction.run());
        resolve.setOnAction(e -> resolveAction.run());

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
                assignToMeAction.run();
            }
        });
        actions.put(Shortcut.RESOLVE, () -> {
            if (!resolve.isDisabled()) {
                resolveAction.run();
            }
        });
        actions.put(Shortcut.HELP, () -> ShortcutsHelp.show(scene.getWindow()));
        actions.forEach((shortcut, action) -> scene.getAccelerators().put(shortcut.combination(), action));
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
