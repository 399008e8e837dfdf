package io.parley.desktop.preferences;

import io.parley.desktop.app.Appearance;
import javafx.fxml.FXML;
import javafx.scene.control.CheckBox;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.ToggleGroup;

public final class PreferencesView {
    private final PreferencesViewModel model;

    @FXML
    private ToggleGroup theme;
    @FXML
    private RadioButton light;
    @FXML
    private RadioButton dark;
    @FXML
    private Spinner<Integer> fontSize;
    @FXML
    private CheckBox notifications;

    public PreferencesView(PreferencesViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        light.setUserData(Appearance.LIGHT);
        dark.setUserData(Appearance.DARK);
        (Appearance.DARK.equals(model.themeProperty().get()) ? dark : light).setSelected(true);
        theme.selectedToggleProperty().addListener((o, old, selected) -> {
            if (selected == null) {
                old.setSelected(true);
            } else {
                model.themeProperty().set((String) selected.getUserData());
            }
        });

        SpinnerValueFactory.IntegerSpinnerValueFactory sizes = new SpinnerValueFactory.IntegerSpinnerValueFactory(
                Appearance.SMALLEST_FONT, Appearance.LARGEST_FONT, model.fontSizeProperty().get());
        fontSize.setValueFactory(sizes);
        sizes.valueProperty().addListener((o, old, size) -> model.fontSizeProperty().set(size));

        notifications.selectedProperty().bindBidirectional(model.notificationsProperty());
    }
}
