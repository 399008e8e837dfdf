package io.parley.desktop.ui;

import io.parley.model.inbox.Conversation;
import io.parley.model.inbox.Message;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** A live demo without WhatsApp: the simulator writes in, the agent answers, the simulator sees it. */
class SimulatorScreenTest extends DesktopUiTestSupport {

    @Test
    void aSimulatedCustomerAndAnAgentTalk() {
        Member owner = registerOrg("Simulator screen");
        api.post("/api/v1/channels", obj("name", "Demo sandbox", "provider", "sandbox"), owner.accessToken());
        signIn(owner);

        // The button shows once the inbox has loaded the organisation's numbers and found the sandbox among them.
        waitUntil("the simulator button", () -> robot.lookup("#openSimulator").query().isVisible());
        robot.clickOn("#openSimulator");
        waitUntil("the simulator", () -> robot.lookup("#simulatorText").tryQuery().isPresent());
        // Side by side, as a demo would: the simulator must not cover the inbox the robot clicks in.
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            Window simulator = robot.lookup("#simulatorText").query().getScene().getWindow();
            simulator.setX(stage.getWidth());
            simulator.setY(0);
        });
        robot.clickOn("#simulatorText").write("Hi, is my order ready?");
        robot.clickOn("#simulatorSend");
        waitUntil("the customer's message in the inbox", () -> conversations().getItems().size() == 1);
        screenshot("simulator", robot.lookup("#simulatorText").query().getScene().getRoot());

        // The simulator has a "Lena Fischer" too (the name field); click the one in the inbox list.
        robot.clickOn(robot.from(conversations()).lookup(".conversation-name").queryLabeled());
        // Without a window manager (Xvfb) a click does not move keyboard focus between windows.
        robot.interact(stage::requestFocus);
        robot.clickOn("#composer").write("Yes, ready for pick-up!");
        robot.type(KeyCode.ENTER);
        waitUntil("the answer on the customer's phone", () -> simulator().getItems().stream()
                .anyMatch(m -> "Yes, ready for pick-up!".equals(m.text())));
        assertThat(simulator().getItems()).extracting(Message::direction).containsExactly("IN", "OUT");
    }

    @SuppressWarnings("unchecked")
    private ListView<Conversation> conversations() {
        return robot.lookup("#conversations").queryAs(ListView.class);
    }

    @SuppressWarnings("unchecked")
    private ListView<Message> simulator() {
        return robot.lookup("#simulatorMessages").queryAs(ListView.class);
    }
}
