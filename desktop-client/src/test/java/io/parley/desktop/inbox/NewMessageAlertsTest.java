package io.parley.desktop.inbox;

import io.parley.desktop.api.ParleyClient;
import io.parley.desktop.api.TokenStore;
import io.parley.desktop.app.UiExecutor;
import io.parley.model.inbox.ContactSummary;
import io.parley.model.inbox.Conversation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class NewMessageAlertsTest {
    private static final long ME = 7;
    private static final long COLLEAGUE = 8;

    private final List<NewMessageAlerts.Alert> shown = new ArrayList<>();
    private final AtomicBoolean enabled = new AtomicBoolean(true);
    private final AtomicBoolean focused = new AtomicBoolean(false);
    private InboxViewModel inbox;
    private NewMessageAlerts alerts;

    @BeforeEach
    void setUp() {
        // Nothing here talks to the server: the client only has to exist.
        ParleyClient client = new ParleyClient("http://127.0.0.1:9", TokenStore.inMemory());
        inbox = new InboxViewModel(new InboxApi(client), UiExecutor.direct(), Clock.systemUTC(), ME);
        inbox.conversations().setAll(
                conversation(1, "Mine Customer", ME),
                conversation(2, "Waiting Customer", null),
                conversation(3, "Colleague's Customer", COLLEAGUE));
        alerts = new NewMessageAlerts(inbox, ME, UiExecutor.direct(), enabled::get, focused::get, shown::add);
    }

    @Test
    void customerMessagesInMyAndUnassignedConversationsNotifyWhileInTheBackground() {
        alerts.onEvent(1, "message.created", inbound(1, "Where is my order?"));
        alerts.onEvent(2, "message.created", inbound(2, "Hello?"));
        alerts.onEvent(3, "message.created", inbound(3, "For someone else"));
        alerts.onEvent(4, "message.created", inbound(99, "A brand new customer"));

        assertThat(shown).containsExactly(
                new NewMessageAlerts.Alert(1, "Mine Customer", "Where is my order?"),
                new NewMessageAlerts.Alert(2, "Waiting Customer", "Hello?"),
                new NewMessageAlerts.Alert(99, "New conversation", "A brand new customer"));
    }

    @Test
    void nothingWhenFocusedTurnedOffOutgoingOrANote() {
        focused.set(true);
        alerts.onEvent(1, "message.created", inbound(1, "seen in the window already"));
        focused.set(false);
        enabled.set(false);
        alerts.onEvent(2, "message.created", inbound(1, "notifications are off"));
        enabled.set(true);
        alerts.onEvent(3, "message.created", message(1, "OUT", false, "\"text\":\"our reply\""));
        alerts.onEvent(4, "message.created", message(1, "IN", true, "\"text\":\"a note\""));
        alerts.onEvent(5, "message.updated", inbound(1, "a status change"));
        assertThat(shown).isEmpty();
    }

    @Test
    void mediaWithoutTextSaysWhatCameAndLongTextIsShortened() {
        alerts.onEvent(1, "message.created", message(1, "IN", false, "\"type\":\"IMAGE\""));
        alerts.onEvent(2, "message.created", inbound(1, "x".repeat(500)));
        assertThat(shown.get(0).text()).isEqualTo("Sent image");
        assertThat(shown.get(1).text()).hasSize(140).endsWith("…");
    }

    private static Conversation conversation(long id, String name, Long assignee) {
        return new Conversation(id, new ContactSummary(id, name, "+4915112340000"), 1, "OPEN", assignee, null,
                "NORMAL", List.of(), 1, Instant.now(), "", null);
    }

    private static String inbound(long conversationId, String text) {
        return message(conversationId, "IN", false, "\"text\":\"" + text + "\"");
    }

    private static String message(long conversationId, String direction, boolean note, String fields) {
        String type = fields.contains("\"type\"") ? "" : "\"type\":\"TEXT\",";
        return "{\"id\":" + (conversationId * 100) + ",\"conversationId\":" + conversationId + ",\"direction\":\""
                + direction + "\"," + type + fields + ",\"status\":\"RECEIVED\",\"note\":" + note
                + ",\"createdAt\":\"2026-11-21T10:00:00Z\"}";
    }
}
