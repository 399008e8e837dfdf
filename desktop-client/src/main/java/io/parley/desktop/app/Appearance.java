package io.parley.desktop.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.Parent;
import javafx.scene.Scene;

/**
 * Theme and text size, applied to every window the app opens and kept in the settings. Changing
 * either takes effect at once, in all windows.
 */
public final class Appearance {
    public static final String LIGHT = "light";
    public static final String DARK = "dark";
    public static final int SMALLEST_FONT = 11;
    public static final int LARGEST_FONT = 22;

    private final StringProperty theme = new SimpleStringProperty();
    private final IntegerProperty fontSize = new SimpleIntegerProperty();

    public Appearance(Settings settings) {
        theme.set(DARK.equals(settings.theme()) ? DARK : LIGHT);
        fontSize.set(clamp(settings.fontSize()));
        applyTheme(theme.get());
        theme.addListener((o, old, now) -> {
            applyTheme(now);
            settings.set("theme", now);
        });
        fontSize.addListener((o, old, now) -> settings.set("fontSize", Integer.toString(now.intValue())));
    }

    /** Styles the scene now and whenever its root is swapped (sign-in → inbox) or the size changes. */
    public void attach(Scene scene) {
        scene.getStylesheets().add(Appearance.class.getResource("parley.css").toExternalForm());
        styleRoot(scene.getRoot());
        scene.rootProperty().addListener((o, old, root) -> styleRoot(root));
        fontSize.addListener((o, old, now) -> styleRoot(scene.getRoot()));
    }

    private void styleRoot(Parent root) {
        if (root != null) {
            root.setStyle("-fx-font-size: " + fontSize.get() + "px;");
        }
    }

    private static void applyTheme(String theme) {
        Application.setUserAgentStylesheet(DARK.equals(theme)
                ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }

    static int clamp(int size) {
        return Math.max(SMALLEST_FONT, Math.min(LARGEST_FONT, size));
    }

    public StringProperty themeProperty() {
        return theme;
    }

    public IntegerProperty fontSizeProperty() {
        return fontSize;
    }
}
