package io.parley.desktop.ui;

import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The signed-in window's rail: workspaces that keep their state, Ctrl+1…8, role-gated Admin, both themes. */
class ShellScreenTest extends DesktopUiTestSupport {

    @Test
    void theRailSwitchesWorkspacesThatKeepTheirState() {
        Member owner = registerOrg("Müller & Söhne Garten- und Landschaftsbau Gesellschaft mit beschränkter Haftung");
        long channel = sandbox(owner);
        customerWrites(owner, channel, "+4915112348001", "Clara", "Do you deliver on Sundays?");
        signIn(owner);
        assertThat(robot.lookup(".rail-button").queryAll()).hasSize(8);
        assertThat(workspaceTitle()).isEqualTo("Inbox");

        robot.clickOn("#search").write("sundays");
        robot.clickOn("#nav-tickets");
        waitUntil("the tickets placeholder", () -> visible("#workspace-tickets"));
        assertThat(workspaceTitle()).isEqualTo("Tickets");
        assertThat(robot.lookup("Coming soon").tryQuery()).isPresent();
        assertThat(visible("#workspace-inbox")).isFalse();
        screenshot("shell-tickets-coming-soon");

        robot.clickOn("#nav-inbox");
        waitUntil("the inbox again", () -> visible("#workspace-inbox"));
        assertThat(robot.lookup("#search").queryAs(TextField.class).getText()).as("the inbox kept its search").isEqualTo("sundays");
        screenshot("shell-inbox");

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
        waitUntil("Ctrl+3: the pipeline board", () -> workspaceTitle().equals("Pipeline") && visible("#workspace-pipeline"));
        assertThat(robot.lookup("#nav-pipeline").queryAs(ToggleButton.class).isSelected()).isTrue();
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT8).release(KeyCode.DIGIT8, KeyCode.CONTROL);
        waitUntil("Ctrl+8: admin", () -> workspaceTitle().equals("Admin"));
        waitUntil("the admin workspace lists the owner", () -> robot.lookup("#adminUsers").tryQuery().isPresent());
        screenshot("shell-admin");
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        waitUntil("Ctrl+1: the inbox", () -> workspaceTitle().equals("Inbox"));

        robot.clickOn("#openPreferences");
        waitUntil("the settings window", () -> robot.lookup("#preferences").tryQuery().isPresent());
        robot.clickOn("#themeDark");
        waitUntil("the dark theme", () -> Application.getUserAgentStylesheet().contains("primer-dark"));
        robot.interact(() -> robot.lookup("#preferences").query().getScene().getWindow().hide());
        robot.clickOn("#nav-tickets");
        waitUntil("the tickets placeholder", () -> workspaceTitle().equals("Tickets"));
        screenshot("shell-tickets-dark");
        robot.clickOn("#nav-inbox");
        screenshot("shell-inbox-dark");
    }

    @Test
    void anAgentHasNoAdminWorkspaceAndCtrl8DoesNothing() {
        Member owner = registerOrg("Agent shell");
        Member agent = addMember(owner, "AGENT");
        signIn(agent);
        assertThat(robot.lookup(".rail-button").queryAll()).hasSize(7);
        assertThat(robot.lookup("#nav-admin").tryQuery()).isEmpty();
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT8).release(KeyCode.DIGIT8, KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT7).release(KeyCode.DIGIT7, KeyCode.CONTROL);
        waitUntil("Ctrl+7: reports", () -> workspaceTitle().equals("Reports"));
        screenshot("shell-agent-reports");
    }


    private boolean visible(String query) {
        return robot.lookup(query).tryQuery().map(Node::isVisible).orElse(false);
    }
}
