package io.parley.desktop.ui;

import io.parley.desktop.api.TokenStore;
import io.parley.desktop.app.FxUiExecutor;
import io.parley.desktop.app.LaunchOptions;
import io.parley.desktop.app.MainWindow;
import io.parley.desktop.app.Settings;
import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Screen tests: a real Parley server (with its own database) and the real app window on a real
 * display (Xvfb in CI), driven by TestFX. Each screen test saves a PNG under target/screenshots.
 */
abstract class DesktopUiTestSupport extends ServerTestSupport {
    protected final FxRobot robot = new FxRobot();
    protected MainWindow window;
    protected Stage stage;
    protected Settings settings;
    /** What the app handed to the system to open (links, downloaded files). */
    protected final List<String> opened = new CopyOnWriteArrayList<>();
    private FxUiExecutor ui;

    @TempDir
    Path configDir;

    @BeforeEach
    void openWindow() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        ui = new FxUiExecutor();
        settings = new Settings(configDir);
        FxToolkit.setupFixture(() -> {
            window = new MainWindow(stage, settings, TokenStore.inMemory(), ui, Clock.systemDefaultZone(),
                    new LaunchOptions("http://127.0.0.1:" + server.port(), false), opened::add);
            window.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void closeWindow() throws Exception {
        FxToolkit.setupFixture(() -> window.close());
        FxToolkit.cleanupStages();
        ui.close();
    }

    protected void signIn(Member member) {
        robot.clickOn("#email").write(member.email());
        robot.clickOn("#password").write(member.password());
        robot.clickOn("#signIn");
        waitUntil("the inbox", () -> robot.lookup("#conversations").tryQuery().isPresent());
    }

    /**
     * Opens the conversation the list shows under {@code name}, once it shows it: right after sign-in
     * the list is still loading, and a cell being refilled can hold a label that left the scene.
     */
    protected void openConversation(String name) {
        waitUntil(name + " in the list", () -> listed(name).isPresent());
        robot.clickOn(listed(name).orElseThrow());
    }

    private Optional<Node> listed(String name) {
        return robot.from(robot.lookup("#conversations").queryAll())
                .lookup((Node n) -> n instanceof Labeled label && name.equals(label.getText()) && n.getScene() != null
                        && n.isVisible())
                .tryQuery();
    }

    /** The name of the workspace the shell shows. */
    protected String workspaceTitle() {
        return robot.lookup("#workspaceTitle").queryAs(Label.class).getText();
    }

    /** Adds a sandbox number to the member's organisation. */
    protected long sandbox(Member owner) {
        Api.Response res = api.post("/api/v1/channels", obj("name", "Sandbox", "provider", "sandbox"), owner.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
        return res.json().get("id").asLong();
    }

    /** A simulated customer writes to the sandbox number. */
    protected void customerWrites(Member owner, long channel, String phone, String name, String text) {
        Api.Response res = api.post("/api/v1/sandbox/" + channel + "/inbound", obj("from", phone, "name", name, "text", text),
                owner.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
    }

    /** Waits for something the app does in the background; fails after 10 s with a screenshot of the window. */
    protected void waitUntil(String what, BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return condition.getAsBoolean();
            });
        } catch (Exception e) {
            screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw new AssertionError("Timed out waiting for " + what, e);
        }
    }

    protected void screenshot(String name) {
        screenshot(name, stage.getScene().getRoot());
    }

    /** A PNG of {@code root}'s window content (e.g. a dialog's). */
    protected void screenshot(String name, Node root) {
        WritableImage[] image = new WritableImage[1];
        try {
            FxToolkit.setupFixture(() -> image[0] = root.snapshot(null, null));
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", dir.resolve(name + ".png").toFile());
        } catch (IOException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Cannot save screenshot " + name, e);
        }
    }

    protected static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
