package io.parley.desktop.ui;

import io.parley.model.inbox.Conversation;
import io.parley.model.inbox.Message;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InboxScreenTest extends DesktopUiTestSupport {

    @SuppressWarnings("unchecked")
    private ListView<Conversation> list() {
        return robot.lookup("#conversations").queryAs(ListView.class);
    }

    @SuppressWarnings("unchecked")
    private ListView<Message> chat() {
        return robot.lookup("#messages").queryAs(ListView.class);
    }

    @Test
    void searchOpenChatSendAndWatchTheTicksAdvance() {
        Member owner = registerOrg("Inbox screen");
        long channel = sandbox(owner);
        customerWrites(owner, channel, "+4915112346001", "Jürgen Müller", "Wo ist mein Paket?");
        customerWrites(owner, channel, "+4915112346002", "Lena", "Is the jacket waterproof?");
        signIn(owner);
        waitUntil("two conversations", () -> list().getItems().size() == 2);
        screenshot("inbox");

        robot.clickOn("#search").write("muller");
        waitUntil("search narrows the list", () -> list().getItems().size() == 1);
        assertThat(list().getItems().getFirst().contact().name()).isEqualTo("Jürgen Müller");
        robot.doubleClickOn("#search").eraseText(10);
        waitUntil("search cleared", () -> list().getItems().size() == 2);

        assertThat(stage.getTitle()).isEqualTo("(2) Parley — Inbox screen");

        openConversation("Lena");
        waitUntil("the chat", () -> chat().getItems().size() == 1);
        waitUntil("the open conversation no longer counted as unread", () -> stage.getTitle().equals("(1) Parley — Inbox screen"));
        robot.clickOn("#composer").write("Yes, fully waterproof.");
        robot.type(KeyCode.ENTER);
        waitUntil("our reply in the chat", () -> chat().getItems().size() == 2);
        waitUntil("the reply read by the customer", () -> "READ".equals(chat().getItems().getLast().status()));
        screenshot("chat");

        customerWrites(owner, channel, "+4915112346002", "Lena", "Great, I'll take it!");
        waitUntil("a live inbound message", () -> chat().getItems().stream()
                .anyMatch(m -> "Great, I'll take it!".equals(m.text())));
    }

    @Test
    void notesAreMarkedAndTheClosedWindowIsExplained() {
        Member owner = registerOrg("Notes screen");
        long channel = sandbox(owner);
        customerWrites(owner, channel, "+4915112346003", "Old Friend", "Hello from yesterday");
        db.runInOrg(owner.orgId(), tx -> tx.dml("UPDATE conversation SET last_inbound_at = now() - interval '25 hours'")
                .execute());
        signIn(owner);
        waitUntil("the conversation", () -> list().getItems().size() == 1);
        openConversation("Old Friend");
        waitUntil("the chat", () -> chat().getItems().size() == 1);

        assertThat(robot.lookup("#windowClosed").queryAs(Label.class).isVisible()).isTrue();
        robot.clickOn("#composer").write("Are you still there?");
        robot.type(KeyCode.ENTER);
        waitUntil("the window error", () -> robot.lookup("#chatError").queryAs(Label.class).getText().contains("24-hour"));
        screenshot("window-closed");

        api.post("/api/v1/templates/sync", null, owner.accessToken());
        robot.clickOn("#templateButton");
        waitUntil("the template picker", () -> robot.lookup("#templateChoice").tryQuery().isPresent());
        robot.clickOn("#variable1").write("Old Friend");
        waitUntil("the live preview", () -> robot.lookup("#templatePreview").queryAs(Label.class).getText()
                .equals("Hello Old Friend, thanks for getting in touch with us!"));
        screenshot("template-picker", robot.lookup("#templateChoice").query().getScene().getRoot());
        robot.clickOn("#sendTemplate");
        waitUntil("the template in the chat", () -> chat().getItems().stream()
                .anyMatch(m -> "Hello Old Friend, thanks for getting in touch with us!".equals(m.text())));

        robot.clickOn("#noteMode");
        robot.clickOn("#composer").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write("Call them instead");
        robot.clickOn("#send");
        waitUntil("the note", () -> chat().getItems().stream().anyMatch(m -> m.note() && "Call them instead".equals(m.text())));
        screenshot("note");
    }

    @Test
    void tabsFollowAssignment() {
        Member owner = registerOrg("Tabs screen");
        long channel = sandbox(owner);
        customerWrites(owner, channel, "+4915112346004", "Tab Customer", "Hi");
        signIn(owner);
        waitUntil("the conversation", () -> list().getItems().size() == 1);
        openConversation("Tab Customer");
        robot.clickOn("#assignToMe");
        waitUntil("Mine counts it", () -> robot.lookup("#mineTab").queryAs(ToggleButton.class).getText().equals("Mine 1"));
        robot.clickOn("#unassignedTab");
        waitUntil("Unassigned is empty", () -> list().getItems().isEmpty());
        robot.clickOn("#mineTab");
        waitUntil("Mine lists it", () -> list().getItems().size() == 1);
    }
}
