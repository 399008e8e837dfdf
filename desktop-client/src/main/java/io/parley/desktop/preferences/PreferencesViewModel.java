package io.parley.desktop.preferences;

import io.parley.desktop.app.Appearance;
import io.parley.desktop.app.Settings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.StringProperty;

/** The agent's own preferences: theme and text size (applied at once) and new-message notifications. */
public final class PreferencesViewModel {
    private final Appearance appearance;
    private final BooleanProperty notifications = new SimpleBooleanProperty();

    public PreferencesViewModel(Appearance appearance, Settings settings) {
        this.appearance = appearance;
        notifications.set(settings.notifications());
        notifications.addListener((o, old, on) -> settings.set("notifications", Boolean.toString(on)));
    }

    public StringProperty themeProperty() {
        return appearance.themeProperty();
    }

    public IntegerProperty fontSizeProperty() {
        return appearance.fontSizeProperty();
    }

    public BooleanProperty notificationsProperty() {
        return notifications;
    }
}
