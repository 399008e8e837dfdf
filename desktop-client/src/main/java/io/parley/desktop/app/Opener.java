package io.parley.desktop.app;

/**
 * Hands a link or a file to the system (browser, image viewer, PDF reader). The app passes JavaFX's
 * host services; tests pass a recorder.
 */
@FunctionalInterface
public interface Opener {
    void open(String uri);
}
