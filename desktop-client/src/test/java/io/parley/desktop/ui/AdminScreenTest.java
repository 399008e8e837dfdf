package io.parley.desktop.ui;

import io.parley.model.identity.User;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdminScreenTest extends DesktopUiTestSupport {

    @Test
    void anAdminInvitesAndChangesARoleAndAgentsDoNotSeeTheAdminPanel() {
        Member owner = registerOrg("Admin screen");
        Member agent = addMember(owner, "AGENT");
        signIn(owner);

        robot.clickOn("#openAdmin");
        waitUntil("the admin panel lists both users", () -> users().getItems().size() == 2);
        robot.clickOn("#inviteEmail").write("new.colleague@example.com");
        robot.clickOn("#invite");
        waitUntil("the invitation", () -> status().startsWith("Invitation created for new.colleague@example.com as AGENT"));
        screenshot("admin", robot.lookup("#adminUsers").query().getScene().getRoot());

        robot.interact(() -> users().getSelectionModel().select(users().getItems().stream()
                .filter(u -> u.id() == agent.userId()).findFirst().orElseThrow()));
        robot.clickOn("#changeRole");
        waitUntil("the new role", () -> users().getItems().stream()
                .anyMatch(u -> u.id() == agent.userId() && u.role().name().equals("SUPERVISOR")));

        robot.interact(() -> robot.lookup("#adminUsers").query().getScene().getWindow().hide());
        robot.clickOn("#signOut");
        waitUntil("the sign-in screen", () -> robot.lookup("#signIn").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#email").queryAs(TextField.class).clear());
        robot.clickOn("#email").write(agent.email());
        signInWithPassword(agent.password());
        assertThat(robot.lookup("#openAdmin").queryAs(Button.class).isVisible()).isFalse();
    }

    private void signInWithPassword(String password) {
        robot.clickOn("#password").write(password);
        robot.clickOn("#signIn");
        waitUntil("the inbox", () -> robot.lookup("#conversations").tryQuery().isPresent());
    }

    @SuppressWarnings("unchecked")
    private TableView<User> users() {
        return robot.lookup("#adminUsers").queryAs(TableView.class);
    }

    private String status() {
        return robot.lookup("#adminStatus").queryAs(Label.class).getText();
    }
}
