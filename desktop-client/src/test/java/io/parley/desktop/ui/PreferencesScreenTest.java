package io.parley.desktop.ui;

import io.parley.desktop.app.Settings;
import javafx.application.Application;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Spinner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PreferencesScreenTest extends DesktopUiTestSupport {

    @Test
    void theThemeAndTextSizeChangeAtOnceEverywhereAndAreRemembered() {
        Member owner = registerOrg("Preferences screen");
        signIn(owner);
        assertThat(Application.getUserAgentStylesheet()).contains("primer-light");

        robot.clickOn("#openPreferences");
        waitUntil("the settings window", () -> robot.lookup("#preferences").tryQuery().isPresent());
        robot.clickOn("#themeDark");
        waitUntil("the dark theme", () -> Application.getUserAgentStylesheet().contains("primer-dark"));

        Spinner<?> size = robot.lookup("#fontSize").queryAs(Spinner.class);
        robot.interact(() -> size.increment(4));
        waitUntil("larger text in the main window",
                () -> stage.getScene().getRoot().getStyle().contains("-fx-font-size: 18px"));
        assertThat(robot.lookup("#preferences").query().getScene().getRoot().getStyle()).contains("18px");

        robot.clickOn("#notifications");
        assertThat(robot.lookup("#notifications").queryAs(CheckBox.class).isSelected()).isFalse();
        screenshot("settings", robot.lookup("#preferences").query().getScene().getRoot());
        screenshot("inbox-dark");

        settings.flush();
        Settings reread = new Settings(configDir);
        assertThat(reread.theme()).isEqualTo("dark");
        assertThat(reread.fontSize()).isEqualTo(18);
        assertThat(reread.notifications()).isFalse();
    }
}
