package io.parley.desktop.app;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs work off the FX thread and hands the result (or the failure) back on it. View-models only
 * know this interface; tests run everything in place.
 */
public interface UiExecutor {
    <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    /** Runs a callback on the UI thread (for events that arrive on network threads). */
    void onUi(Runnable action);

    /** Everything in the calling thread: for view-model tests without a toolkit. */
    static UiExecutor direct() {
        return new UiExecutor() {
            @Override
            public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
                T result;
                try {
                    result = work.call();
                } catch (Exception e) {
                    onFailure.accept(e);
                    return;
                }
                onSuccess.accept(result);
            }

            @Override
            public void onUi(Runnable action) {
                action.run();
            }
        };
    }
}
