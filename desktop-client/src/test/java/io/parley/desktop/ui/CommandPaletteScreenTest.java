package io.parley.desktop.ui;

import io.parley.desktop.app.CommandPaletteViewModel;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl+K finds a conversation by what the customer wrote and opens it, from any workspace. */
class CommandPaletteScreenTest extends DesktopUiTestSupport {

    @Test
    void ctrlKFindsAConversationAndOpensIt() {
        Member owner = registerOrg("Palette shop");
        long channel = sandbox(owner);
        customerWrites(owner, channel, "+4915112349001", "Clara Schmidt", "Do you deliver on Sundays?");
        customerWrites(owner, channel, "+4915112349002", "Jonas Weber", "Where is my parcel?");
        signIn(owner);
        robot.clickOn("#nav-tickets");
        waitUntil("the tickets placeholder", () -> workspaceTitle().equals("Tickets"));

        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        waitUntil("the palette", () -> robot.lookup("#paletteQuery").tryQuery().isPresent());
        screenshot("palette-empty", robot.lookup("#paletteQuery").query().getScene().getRoot());
        robot.write("parcel");
        waitUntil("Jonas's conversation found", () -> results().getItems().stream()
                .anyMatch(e -> e.title().equals("Jonas Weber")));
        screenshot("palette-results", robot.lookup("#paletteQuery").query().getScene().getRoot());
        robot.type(KeyCode.ENTER);

        waitUntil("the inbox with Jonas's conversation open", () -> workspaceTitle().equals("Inbox")
                && robot.lookup("#chatTitle").queryAs(Label.class).getText().contains("Jonas Weber"));
        assertThat(robot.lookup("#paletteQuery").tryQuery()).as("the palette closed").isEmpty();

        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        waitUntil("the palette again", () -> robot.lookup("#paletteQuery").tryQuery().isPresent());
        robot.write("no such thing anywhere");
        waitUntil("nothing found", () -> robot.lookup("#paletteStatus").queryAs(Label.class).getText().startsWith("Nothing found"));
        screenshot("palette-nothing-found", robot.lookup("#paletteQuery").query().getScene().getRoot());
        robot.type(KeyCode.ESCAPE);
        waitUntil("the palette closed", () -> robot.lookup("#paletteQuery").tryQuery().isEmpty());

        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        waitUntil("the palette for a contact", () -> robot.lookup("#paletteQuery").tryQuery().isPresent());
        robot.write("clara");
        waitUntil("Clara as a contact", () -> results().getItems().stream()
                .anyMatch(e -> e.kind().equals("Contact") && e.title().equals("Clara Schmidt")));
        robot.interact(() -> results().getSelectionModel().select(results().getItems().stream()
                .filter(e -> e.kind().equals("Contact")).findFirst().orElseThrow()));
        robot.type(KeyCode.ENTER);
        waitUntil("Clara's contact card", () -> workspaceTitle().equals("Contacts")
                && robot.lookup("#detailName").queryAs(Label.class).getText().equals("Clara Schmidt"));

        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        waitUntil("the palette once more", () -> robot.lookup("#paletteQuery").tryQuery().isPresent());
        robot.write("pipe");
        robot.type(KeyCode.ENTER);
        waitUntil("the pipeline workspace", () -> workspaceTitle().equals("Pipeline"));
    }

    @SuppressWarnings("unchecked")
    private ListView<CommandPaletteViewModel.Entry> results() {
        return robot.lookup("#paletteResults").queryAs(ListView.class);
    }

}
