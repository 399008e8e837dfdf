package io.parley.desktop.ui;

import io.parley.desktop.inbox.NewMessageAlerts;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new-message notification (which messages get one, and only while Parley is in the background, is
 * NewMessageAlertsTest's to show: without a window manager, Xvfb never takes the focus from the app):
 * clicking it brings Parley forward in the inbox with that conversation open, whichever workspace showed.
 */
class NotificationClickScreenTest extends DesktopUiTestSupport {

    @Test
    void clickingANewMessageNotificationOpensItsConversation() {
        Member owner = registerOrg("Notified shop");
        long channel = sandbox(owner);
        customerWrites(owner, channel, "+4915112350001", "Mira Koch", "Is the blue one back in stock?");
        long conversation = api.get("/api/v1/conversations", owner.accessToken()).json().path("items").get(0).path("id").asLong();
        signIn(owner);
        robot.clickOn("#nav-reports");
        waitUntil("the reports placeholder", () -> workspaceTitle().equals("Reports"));

        robot.interact(() -> window.notifyNewMessage(new NewMessageAlerts.Alert(conversation, "Mira Koch",
                "Is the blue one back in stock?")));
        waitUntil("the notification", () -> notification().isPresent());
        Node bar = notification().orElseThrow();
        screenshot("notification", bar.getScene().getRoot());
        robot.clickOn(bar);

        waitUntil("the inbox with Mira's conversation", () -> workspaceTitle().equals("Inbox")
                && robot.lookup("#chatTitle").queryAs(Label.class).getText().contains("Mira Koch"));
        assertThat(robot.lookup("#workspace-inbox").query().isVisible()).isTrue();
        assertThat(robot.lookup("#workspace-reports").query().isVisible()).isFalse();
    }


    private Optional<Node> notification() {
        return Window.getWindows().stream()
                .filter(Window::isShowing)
                .map(w -> w.getScene() == null ? null : w.getScene().getRoot().lookup(".notification-bar"))
                .filter(n -> n != null && n.isVisible())
                .findFirst();
    }
}
