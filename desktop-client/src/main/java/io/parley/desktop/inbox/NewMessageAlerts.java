package io.parley.desktop.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.desktop.api.EventStream;
import io.parley.desktop.api.ParleyClient;
import io.parley.desktop.app.UiExecutor;
import io.parley.model.inbox.Conversation;
import io.parley.model.inbox.Message;

import java.io.IOException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Decides which new customer messages deserve a desktop notification: those in the agent's own or
 * unassigned conversations, while Parley is in the background and the agent has not turned them off.
 * Listens after the inbox on the same stream, so the inbox already knows the conversation.
 */
public final class NewMessageAlerts implements EventStream.Listener {
    private static final Logger LOG = Logger.getLogger(NewMessageAlerts.class.getName());
    private static final int LONGEST_TEXT = 140;

    /** What a notification shows, and which conversation clicking it opens. */
    public record Alert(long conversationId, String title, String text) {
    }

    private final InboxViewModel inbox;
    private final long myUserId;
    private final UiExecutor ui;
    private final BooleanSupplier enabled;
    private final BooleanSupplier windowFocused;
    private final Consumer<Alert> show;
    private final ObjectMapper mapper = ParleyClient.mapper();

    public NewMessageAlerts(InboxViewModel inbox, long myUserId, UiExecutor ui, BooleanSupplier enabled,
                            BooleanSupplier windowFocused, Consumer<Alert> show) {
        this.inbox = inbox;
        this.myUserId = myUserId;
        this.ui = ui;
        this.enabled = enabled;
        this.windowFocused = windowFocused;
        this.show = show;
    }

    @Override
    public void onEvent(long id, String type, String data) {
        if (!type.equals("message.created")) {
            return;
        }
        try {
            Message message = mapper.readValue(data, Message.class);
            if ("IN".equals(message.direction()) && !message.note()) {
                ui.onUi(() -> consider(message));
            }
        } catch (IOException e) {
            LOG.warning("A new message event could not be read: " + e.getMessage());
        }
    }

    private void consider(Message message) {
        if (!enabled.getAsBoolean() || windowFocused.getAsBoolean()) {
            return;
        }
        Optional<Conversation> conversation = inbox.find(message.conversationId());
        // A conversation the list has not seen yet is a new one, and new ones start unassigned.
        Long assignee = conversation.map(Conversation::assigneeId).orElse(null);
        if (assignee != null && assignee != myUserId) {
            return;
        }
        String title = conversation.map(ConversationCell::name).orElse("New conversation");
        show.accept(new Alert(message.conversationId(), title, text(message)));
    }

    private static String text(Message message) {
        String text = message.text() != null && !message.text().isBlank() ? message.text().strip()
                : "Sent " + message.type().toLowerCase().replace('_', ' ');
        return text.length() > LONGEST_TEXT ? text.substring(0, LONGEST_TEXT - 1) + "…" : text;
    }

    @Override
    public void onState(EventStream.State state) {
    }
}
