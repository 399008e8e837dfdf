package io.parley.desktop.crm;

import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

import java.util.function.Function;

/** A list cell as wide as its list whose long text wraps instead of running off the list's edge. */
final class WrappingCell<T> extends ListCell<T> {
    private final Function<T, String> text;

    WrappingCell(ListView<T> list, Function<T, String> text) {
        this.text = text;
        setWrapText(true);
        prefWidthProperty().bind(list.widthProperty().subtract(24));
        setMaxWidth(USE_PREF_SIZE);
    }

    @Override
    protected void updateItem(T item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty || item == null ? null : text.apply(item));
    }
}
