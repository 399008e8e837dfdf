package io.parley.desktop.app;

import javafx.application.Platform;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Virtual threads for the work, {@link Platform#runLater} for the answer. */
public final class FxUiExecutor implements UiExecutor, AutoCloseable {
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    @Override
    public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        workers.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> onSuccess.accept(result));
            } catch (Exception e) {
                Platform.runLater(() -> onFailure.accept(e));
            }
        });
    }

    @Override
    public void onUi(Runnable action) {
        Platform.runLater(action);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
