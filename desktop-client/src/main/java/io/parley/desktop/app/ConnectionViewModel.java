package io.parley.desktop.app;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * State of the connection screen. {@code background} runs the network call; {@code onUi} brings the
 * result back to the FX thread (Platform::runLater in the app, direct in tests).
 */
public final class ConnectionViewModel {
    private final StringProperty serverUrl = new SimpleStringProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final ServerCheck check;
    private final Executor background;
    private final Consumer<Runnable> onUi;

    public ConnectionViewModel(String initialUrl, ServerCheck check, Executor background, Consumer<Runnable> onUi) {
        this.serverUrl.set(initialUrl);
        this.check = check;
        this.background = background;
        this.onUi = onUi;
    }

    public void checkServer() {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        status.set("Checking…");
        String url = serverUrl.get() == null ? "" : serverUrl.get();
        background.execute(() -> {
            String result = check.check(url);
            onUi.accept(() -> {
                status.set(result);
                busy.set(false);
            });
        });
    }

    public StringProperty serverUrlProperty() {
        return serverUrl;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }
}
