package io.parley.desktop.app;

import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** The help dialog listing every {@link Shortcut}, as this platform spells its keys. */
public final class ShortcutsHelp {
    private ShortcutsHelp() {
    }

    public static void show(Window owner) {
        GridPane table = new GridPane();
        table.setId("shortcutsTable");
        table.setHgap(24);
        table.setVgap(8);
        int row = 0;
        for (Shortcut shortcut : Shortcut.values()) {
            Label keys = new Label(shortcut.combination().getDisplayText());
            keys.getStyleClass().add("shortcut-keys");
            table.addRow(row++, keys, new Label(shortcut.description()));
        }
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Keyboard shortcuts");
        dialog.setHeaderText("Keyboard shortcuts");
        dialog.getDialogPane().setContent(table);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.show();
    }
}
