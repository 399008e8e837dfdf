package io.parley.desktop.crm;

import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.util.StringConverter;

import java.util.function.Function;

/** Shows items of a choice box or combo box by a label of theirs; nothing is typed back into items. */
final class LabelConverter<T> extends StringConverter<T> {
    private final Function<T, String> label;

    private LabelConverter(Function<T, String> label) {
        this.label = label;
    }

    static <T> StringConverter<T> of(Function<T, String> label) {
        return new LabelConverter<>(label);
    }

    /**
     * A filter's combo box: items by their label, and its prompt ("Any tag") shown again when it is
     * cleared — JavaFX's own button cell stays blank once a value was picked and taken away.
     */
    static <T> void filter(ComboBox<T> box, Function<T, String> label) {
        box.setConverter(of(label));
        box.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? box.getPromptText() : label.apply(item));
            }
        });
    }

    @Override
    public String toString(T value) {
        return value == null ? "" : label.apply(value);
    }

    @Override
    public T fromString(String string) {
        return null;
    }
}
