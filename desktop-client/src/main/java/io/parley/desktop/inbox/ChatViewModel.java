package io.parley.desktop.inbox;

import io.parley.desktop.api.ParleyClient;
import io.parley.desktop.app.UiExecutor;
import io.parley.model.channel.Template;
import io.parley.model.inbox.Conversation;
import io.parley.model.inbox.Message;
import io.parley.model.inbox.MessageRequest;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * One open conversation: its messages (oldest first), the composer, note mode, and whether the
 * 24-hour window allows free-form messages. Live events update it through {@link #apply(Message)}.
 */
public final class ChatViewModel {
    private final ObservableList<Message> messages = FXCollections.observableArrayList();
    private final ObjectProperty<Conversation> conversation = new SimpleObjectProperty<>();
    private final StringProperty draft = new SimpleStringProperty("");
    private final BooleanProperty noteMode = new SimpleBooleanProperty(false);
    private final BooleanProperty windowOpen = new SimpleBooleanProperty(true);
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty sending = new SimpleBooleanProperty(false);

    private final ParleyClient client;
    private final UiExecutor ui;
    private final Clock clock;

    public ChatViewModel(ParleyClient client, UiExecutor ui, Clock clock) {
        this.client = client;
        this.ui = ui;
        this.clock = clock;
    }

    public void open(Conversation selected) {
        conversation.set(selected);
        messages.clear();
        error.set("");
        draft.set("");
        refreshWindow();
        if (selected == null) {
            return;
        }
        long id = selected.id();
        ui.run(() -> client.messages(id, null).items(), page -> {
            if (conversation.get() != null && conversation.get().id() == id) {
                messages.setAll(page);
            }
        }, failure -> error.set(failure.getMessage()));
        ui.run(() -> {
            client.markRead(id);
            return null;
        }, ignored -> {
        }, failure -> {
        });
    }

    /** Sends the draft as a WhatsApp message, or as a private note in note mode. Enter in the composer. */
    public void send() {
        Conversation current = conversation.get();
        String text = draft.get() == null ? "" : draft.get().strip();
        if (current == null || text.isEmpty() || sending.get()) {
            return;
        }
        boolean note = noteMode.get();
        if (!note && !windowOpen.get()) {
            error.set("The 24-hour window is closed: only an approved template can be sent until the customer writes again.");
            return;
        }
        sending.set(true);
        error.set("");
        ui.run(() -> note ? client.note(current.id(), text)
                        : client.send(current.id(), new MessageRequest("text", text, false, null, null, null, null, null)),
                sent -> {
                    sending.set(false);
                    draft.set("");
                    apply(sent);
                }, failure -> {
                    sending.set(false);
                    error.set(failure.getMessage());
                });
    }

    /** Loads the organisation's templates for the picker. */
    public void loadTemplates(Consumer<List<Template>> onLoaded) {
        ui.run(client::templates, onLoaded, failure -> error.set(failure.getMessage()));
    }

    /** Sends a template message (allowed outside the 24-hour window). */
    public void sendTemplate(MessageRequest request) {
        Conversation current = conversation.get();
        if (current == null) {
            return;
        }
        sending.set(true);
        error.set("");
        ui.run(() -> client.send(current.id(), request), sent -> {
            sending.set(false);
            apply(sent);
        }, failure -> {
            sending.set(false);
            error.set(failure.getMessage());
        });
    }

    /** A message event (new or changed): added or replaced in place when it belongs here. */
    public void apply(Message message) {
        Conversation current = conversation.get();
        if (current == null || message.conversationId() != current.id()) {
            return;
        }
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).id() == message.id()) {
                messages.set(i, message);
                return;
            }
        }
        messages.add(message);
    }

    /** A conversation event: keeps the header and the window state current. */
    public void apply(Conversation changed) {
        if (conversation.get() != null && conversation.get().id() == changed.id()) {
            conversation.set(changed);
            refreshWindow();
        }
    }

    private void refreshWindow() {
        Conversation c = conversation.get();
        Instant expires = c == null ? null : c.windowExpiresAt();
        windowOpen.set(expires != null && expires.isAfter(clock.instant()));
    }

    public ObservableList<Message> messages() {
        return messages;
    }

    public ObjectProperty<Conversation> conversationProperty() {
        return conversation;
    }

    public StringProperty draftProperty() {
        return draft;
    }

    public BooleanProperty noteModeProperty() {
        return noteMode;
    }

    public BooleanProperty windowOpenProperty() {
        return windowOpen;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty sendingProperty() {
        return sending;
    }
}
