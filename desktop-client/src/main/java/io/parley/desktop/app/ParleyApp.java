package io.parley.desktop.app;

import javafx.application.Application;
import javafx.stage.Stage;

import java.time.Clock;
import java.util.List;

/**
 * The Parley desktop app. {@code --server <url>} or {@code PARLEY_SERVER_URL} presets the server
 * address on the sign-in screen.
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
                presetServer(getParameters().getRaw()));
        window.show();
    }

    static String presetServer(List<String> args) {
        int index = args.indexOf("--server");
        if (index >= 0 && index + 1 < args.size()) {
            return args.get(index + 1);
        }
        String env = System.getenv("PARLEY_SERVER_URL");
        return env == null || env.isBlank() ? null : env;
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
