package io.parley.desktop.ui;

import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

class SignInScreenTest extends DesktopUiTestSupport {

    @Test
    void wrongPasswordEmptyFieldsAndAnUnreachableServerAreExplained() {
        Member owner = registerOrg("Sign-in screen");
        screenshot("sign-in");

        robot.clickOn("#signIn");
        waitUntil("empty-field message", () -> errorText().startsWith("Enter the server address"));

        robot.clickOn("#email").write(owner.email());
        robot.clickOn("#password").write("not my password");
        robot.clickOn("#signIn");
        waitUntil("wrong-password message", () -> errorText().equals("The email or password is wrong."));
        screenshot("sign-in-error");

        robot.doubleClickOn("#serverUrl").eraseText(40).write("http://127.0.0.1:9");
        robot.clickOn("#password").write("x");
        robot.clickOn("#signIn");
        waitUntil("unreachable-server message", () -> errorText().startsWith("Cannot reach the Parley server"));
    }

    @Test
    void aThrottledEmailIsToldToWait() {
        Member owner = registerOrg("Throttled sign-in");
        for (int i = 0; i < 10; i++) {
            api.post("/api/v1/auth/login", obj("email", owner.email(), "password", "guess " + i), null);
        }
        robot.clickOn("#email").write(owner.email());
        robot.clickOn("#password").write(owner.password());
        robot.clickOn("#signIn");
        waitUntil("throttled message", () -> errorText().startsWith("Too many failed sign-ins"));
    }

    @Test
    void aGoodPasswordOpensTheInbox() {
        Member owner = registerOrg("Signed in");

        signIn(owner);

        Label who = robot.lookup("#signedInAs").queryAs(Label.class);
        assertThat(who.getText()).contains("Signed in");
        assertThat(stage.getTitle()).isEqualTo("Parley — Signed in");
    }

    private String errorText() {
        return robot.lookup("#signInError").queryAs(Label.class).getText();
    }
}
