package io.parley.desktop.ui;

import io.parley.model.identity.User;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.controlsfx.control.CheckListView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdminScreenTest extends DesktopUiTestSupport {

    @Test
    @SuppressWarnings("unchecked")
    void anAdminInvitesAndChangesARoleAndAgentsDoNotSeeTheAdminPanel() {
        Member owner = registerOrg("Admin screen");
        Member agent = addMember(owner, "AGENT");
        signIn(owner);

        robot.clickOn("#nav-admin");
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

        openTab("Teams");
        waitUntil("the members to pick", () -> robot.lookup("#teamMembers").queryAs(CheckListView.class).getItems().size() == 2);
        CheckListView<User> members = robot.lookup("#teamMembers").queryAs(CheckListView.class);
        robot.interact(() -> members.getCheckModel().check(members.getItems().stream()
                .filter(u -> u.id() == agent.userId()).findFirst().orElseThrow()));
        robot.clickOn("#teamName").write("Returns desk");
        robot.clickOn("#createTeam");
        waitUntil("the team", () -> !text("#teamsStatus").isEmpty() || !text("#teamsError").isEmpty());
        assertThat(text("#teamsError")).isEmpty();
        assertThat(text("#teamsStatus")).isEqualTo("Team Returns desk created with 1 members.");
        assertThat(api.get("/api/v1/teams", owner.accessToken()).json().path("items").get(0).path("memberIds").get(0).asLong())
                .isEqualTo(agent.userId());

        openTab("Canned responses");
        robot.clickOn("#cannedShortcut").write("bad shortcut!");
        robot.clickOn("#cannedText").write("Hello {{contact.name}}");
        robot.clickOn("#saveCanned");
        waitUntil("a readable refusal", () -> text("#cannedError").contains("shortcut"));
        robot.interact(() -> robot.lookup("#cannedShortcut").queryAs(TextField.class).setText("hello"));
        robot.clickOn("#saveCanned");
        waitUntil("the canned response", () -> text("#cannedStatus").equals("Saved /hello."));
        assertThat(robot.lookup("#adminCanned").queryAs(TableView.class).getItems()).hasSize(1);
        assertThat(robot.lookup("#cannedShortcut").queryAs(TextField.class).getText()).isEmpty();
        screenshot("admin-canned", robot.lookup("#adminCanned").query().getScene().getRoot());

        robot.clickOn("#signOut");
        waitUntil("the sign-in screen", () -> robot.lookup("#signIn").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#email").queryAs(TextField.class).clear());
        robot.clickOn("#email").write(agent.email());
        signInWithPassword(agent.password());
        assertThat(robot.lookup("#nav-inbox").tryQuery()).isPresent();
        assertThat(robot.lookup("#nav-admin").tryQuery()).as("no Admin workspace for an agent").isEmpty();
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

    private void openTab(String title) {
        TabPane tabs = robot.lookup(".tab-pane").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> t.getText().equals(title)).findFirst().orElseThrow()));
    }

    private String text(String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private String status() {
        return robot.lookup("#adminStatus").queryAs(Label.class).getText();
    }
}
