package io.parley.desktop.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.model.inbox.Conversation;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationHeaderScreenTest extends DesktopUiTestSupport {

    @Test
    void assigneePriorityLabelsSnoozeAndReopenFromTheHeader() {
        Member owner = registerOrg("Header screen");
        Member agent = addMember(owner, "AGENT");
        customerWrites(owner, sandbox(owner), "+4915112349001", "Marco", "My parcel is damaged");
        signIn(owner);
        openConversation("Marco");
        waitUntil("the conversation open", () -> !robot.lookup("#assignee").queryAs(ComboBox.class).isDisabled());
        long id = list().getSelectionModel().getSelectedItem().id();

        robot.clickOn("#assignee");
        robot.clickOn("○ A AGENT");
        waitUntil("assigned to the agent", () -> conversation(owner, id).path("assigneeId").asLong() == agent.userId());

        robot.clickOn("#priority");
        robot.clickOn("HIGH");
        waitUntil("high priority", () -> conversation(owner, id).path("priority").asText().equals("HIGH"));

        robot.clickOn("#labelsField").write("damaged, vip, damaged");
        robot.type(javafx.scene.input.KeyCode.ENTER);
        waitUntil("the labels", () -> conversation(owner, id).path("labels").toString().equals("[\"damaged\",\"vip\"]"));

        robot.clickOn("#snooze");
        robot.clickOn("Tomorrow, 9:00");
        waitUntil("snoozed", () -> conversation(owner, id).path("status").asText().equals("SNOOZED"));
        waitUntil("the header offers to reopen", () -> robot.lookup("#resolve").queryAs(Button.class).getText().equals("Reopen"));
        screenshot("conversation-header");

        robot.clickOn("#resolve");
        waitUntil("open again", () -> conversation(owner, id).path("status").asText().equals("OPEN"));
        waitUntil("the header offers to resolve", () -> robot.lookup("#resolve").queryAs(Button.class).getText().equals("Resolve"));
    }

    private JsonNode conversation(Member member, long id) {
        return api.get("/api/v1/conversations/" + id, member.accessToken()).json();
    }

    @SuppressWarnings("unchecked")
    private ListView<Conversation> list() {
        return robot.lookup("#conversations").queryAs(ListView.class);
    }
}
