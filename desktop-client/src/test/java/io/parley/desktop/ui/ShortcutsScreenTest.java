package io.parley.desktop.ui;

import io.parley.model.inbox.Conversation;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShortcutsScreenTest extends DesktopUiTestSupport {

    @Test
    void theKeyboardMovesBetweenConversationsAssignsResolvesAndListsItsShortcuts() {
        Member owner = registerOrg("Shortcuts screen");
        long channel = sandbox(owner);
        customerWrites(owner, channel, "+4915112347001", "Customer 1", "Hello");
        customerWrites(owner, channel, "+4915112347002", "Customer 2", "Hello");
        signIn(owner);
        waitUntil("two conversations", () -> list().getItems().size() == 2);

        robot.press(KeyCode.ALT, KeyCode.DOWN).release(KeyCode.DOWN, KeyCode.ALT);
        waitUntil("the first conversation open", () -> list().getSelectionModel().getSelectedIndex() == 0);
        robot.press(KeyCode.ALT, KeyCode.DOWN).release(KeyCode.DOWN, KeyCode.ALT);
        waitUntil("the second conversation open", () -> list().getSelectionModel().getSelectedIndex() == 1);
        long second = list().getSelectionModel().getSelectedItem().id();

        robot.press(KeyCode.CONTROL, KeyCode.R).release(KeyCode.R, KeyCode.CONTROL);
        waitUntil("the composer focused", () -> robot.lookup("#composer").queryAs(TextArea.class).isFocused());

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.M).release(KeyCode.M, KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil("the conversation assigned to me", () -> api.get("/api/v1/conversations/" + second, owner.accessToken())
                .json().path("assigneeId").asLong() == owner.userId());

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.E).release(KeyCode.E, KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil("the conversation resolved", () -> api.get("/api/v1/conversations/" + second, owner.accessToken())
                .json().path("status").asText().equals("RESOLVED"));

        robot.type(KeyCode.F1);
        waitUntil("the shortcuts dialog", () -> robot.lookup("#shortcutsTable").tryQuery().isPresent());
        assertThat(robot.lookup("Next conversation").tryQuery()).isPresent();
        screenshot("shortcuts", robot.lookup("#shortcutsTable").query().getScene().getRoot());
    }

    @SuppressWarnings("unchecked")
    private ListView<Conversation> list() {
        return robot.lookup("#conversations").queryAs(ListView.class);
    }
}
