package io.parley.desktop.crm;

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

    @Override
    public String toString(T value) {
        return value == null ? "" : label.apply(value);
    }

    @Override
    public T fromString(String string) {
        return null;
    }
}
