package io.parley.desktop.app;

import javafx.application.Application;
import javafx.stage.Stage;

import java.time.Clock;

/**
 * The Parley desktop app. {@code --server <url>} or {@code PARLEY_SERVER_URL} presets the server
 * address on the sign-in screen; {@code --demo} signs in to a demo server's organisation.
 */
public final class ParleyApp extends Application {
    private FxUiExecutor ui;
    private MainWindow window;

    public static void main(String[] args) {
        launch(args);
    }

    @Override
    public void start(Stage stage) {
        Settings settings = new Settings(Settings.defaultDir());
        ui = new FxUiExecutor();
        window = new MainWindow(stage, settings, new StoredTokens(settings), ui, Clock.systemDefaultZone(),
                LaunchOptions.parse(getParameters().getRaw(), System.getenv()), getHostServices()::showDocument);
        window.show();
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
        if (ui != null) {
            ui.close();
        }
    }
}
