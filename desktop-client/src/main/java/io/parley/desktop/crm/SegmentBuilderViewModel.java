package io.parley.desktop.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.parley.desktop.app.UiExecutor;
import io.parley.model.crm.CustomField;
import io.parley.model.crm.Segment;
import io.parley.model.crm.SegmentFilter;
import io.parley.model.crm.Stage;
import io.parley.model.crm.Tag;
import io.parley.model.identity.User;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The visual condition builder: rows of field · operator · value (the operators a field allows,
 * a value editor that suits it), all or any of them, the number of contacts they select counted
 * live by the server, saved as a segment under a name.
 */
public final class SegmentBuilderViewModel {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** How a field's value is given. */
    public enum Kind { CHOICE, TEXT, NUMBER, DATE, DAYS, NONE }

    /** An operator as the builder shows it; {@code kind} is the value it needs. */
    public record Op(String key, String label, Kind kind) {
    }

    /** A value picked from a list (a tag, a stage, a member, yes/no, an option). */
    public record Choice(JsonNode value, String label) {
    }

    /** A field a condition can test, its operators and, for choices, what can be picked. */
    public record Field(String key, String label, List<Op> ops, List<Choice> choices) {
    }

    /** One row of the builder. */
    public static final class Row {
        private final ObjectProperty<Field> field = new SimpleObjectProperty<>();
        private final ObjectProperty<Op> op = new SimpleObjectProperty<>();
        private final ObjectProperty<Choice> choice = new SimpleObjectProperty<>();
        private final StringProperty text = new SimpleStringProperty("");

        Row(Field initial) {
            field.addListener((o, old, now) -> {
                op.set(now == null ? null : now.ops().getFirst());
                choice.set(now == null || now.choices().isEmpty() ? null : now.choices().getFirst());
                text.set("");
            });
            field.set(initial);
        }

        public ObjectProperty<Field> fieldProperty() {
            return field;
        }

        public ObjectProperty<Op> opProperty() {
            return op;
        }

        public ObjectProperty<Choice> choiceProperty() {
            return choice;
        }

        public StringProperty textProperty() {
            return text;
        }
    }

    private static final Op IS_SET = new Op("isSet", "is set", Kind.NONE);
    private static final Op IS_NOT_SET = new Op("isNotSet", "is not set", Kind.NONE);

    private final ContactsApi api;
    private final UiExecutor ui;
    private final List<Field> fields = new ArrayList<>();
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final StringProperty match = new SimpleStringProperty("all");
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty count = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private long asked;

    public SegmentBuilderViewModel(ContactsApi api, UiExecutor ui, List<Tag> tags, List<Stage> stages, List<User> members,
                                   List<CustomField> customFields) {
        this.api = api;
        this.ui = ui;
        Op is = new Op("eq", "is", Kind.CHOICE);
        Op isNot = new Op("neq", "is not", Kind.CHOICE);
        fields.add(new Field("tag", "Tag", List.of(new Op("has", "has", Kind.CHOICE), new Op("hasNot", "does not have", Kind.CHOICE)),
                tags.stream().map(t -> new Choice(JSON.textNode(t.name()), t.name())).toList()));
        fields.add(new Field("stageId", "Stage", List.of(is, isNot, IS_SET, IS_NOT_SET),
                stages.stream().map(s -> new Choice(JSON.numberNode(s.id()), s.name())).toList()));
        fields.add(new Field("ownerId", "Owner", List.of(is, isNot, IS_SET, IS_NOT_SET),
                members.stream().map(m -> new Choice(JSON.numberNode(m.id()), m.name())).toList()));
        fields.add(new Field("optedOut", "Opted out", List.of(is), yesNo()));
        for (String[] text : new String[][]{{"name", "Name"}, {"phone", "Phone"}, {"email", "Email"}}) {
            fields.add(new Field(text[0], text[1], List.of(new Op("contains", "contains", Kind.TEXT),
                    new Op("eq", "is", Kind.TEXT), new Op("neq", "is not", Kind.TEXT), IS_SET, IS_NOT_SET), List.of()));
        }
        for (String[] time : new String[][]{{"lastSeenAt", "Last seen"}, {"lastInboundAt", "Last wrote in"}, {"createdAt", "Added"}}) {
            fields.add(new Field(time[0], time[1], List.of(new Op("withinDays", "in the last … days", Kind.DAYS),
                    new Op("before", "before", Kind.DATE), new Op("after", "after", Kind.DATE), IS_SET, IS_NOT_SET), List.of()));
        }
        for (CustomField f : customFields) {
            String key = "customFields." + f.key();
            fields.add(switch (f.type()) {
                case "NUMBER" -> new Field(key, f.label(), List.of(new Op("eq", "is", Kind.NUMBER), new Op("gt", "more than", Kind.NUMBER),
                        new Op("lt", "less than", Kind.NUMBER), new Op("neq", "is not", Kind.NUMBER), IS_SET, IS_NOT_SET), List.of());
                case "DATE" -> new Field(key, f.label(), List.of(new Op("eq", "is", Kind.DATE), new Op("before", "before", Kind.DATE),
                        new Op("after", "after", Kind.DATE), new Op("withinDays", "in the last … days", Kind.DAYS), IS_SET, IS_NOT_SET), List.of());
                case "SELECT" -> new Field(key, f.label(), List.of(is, isNot, IS_SET, IS_NOT_SET),
                        f.options().stream().map(o -> new Choice(JSON.textNode(o), o)).toList());
                case "BOOLEAN" -> new Field(key, f.label(), List.of(is, IS_SET, IS_NOT_SET), yesNo());
                default -> new Field(key, f.label(), List.of(new Op("contains", "contains", Kind.TEXT),
                        new Op("eq", "is", Kind.TEXT), new Op("neq", "is not", Kind.TEXT), IS_SET, IS_NOT_SET), List.of());
            });
        }
    }

    private static List<Choice> yesNo() {
        return List.of(new Choice(JSON.booleanNode(true), "yes"), new Choice(JSON.booleanNode(false), "no"));
    }

    /** Starts from what the contact list is filtered by now. */
    public void startFrom(Stage stage, Tag tag) {
        rows.clear();
        if (stage != null) {
            Row row = addRow("stageId");
            row.choice.set(field("stageId").choices().stream().filter(c -> c.value().asLong() == stage.id()).findFirst().orElse(null));
        }
        if (tag != null) {
            Row row = addRow("tag");
            row.choice.set(field("tag").choices().stream().filter(c -> c.label().equals(tag.name())).findFirst().orElse(null));
        }
        if (rows.isEmpty()) {
            addRow("tag");
        }
    }

    public Row addRow(String fieldKey) {
        Row row = new Row(field(fieldKey));
        rows.add(row);
        return row;
    }

    public void removeRow(Row row) {
        rows.remove(row);
    }

    private Field field(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow();
    }

    /** The rows as the API's filter; null (with the reason shown) while a row lacks its value. */
    public SegmentFilter filter() {
        List<SegmentFilter.Condition> conditions = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Op op = row.op.get();
            if (row.field.get() == null || op == null) {
                return incomplete(i, "pick a field and how to test it");
            }
            JsonNode value;
            String text = row.text.get() == null ? "" : row.text.get().strip();
            switch (op.kind()) {
                case NONE -> value = null;
                case CHOICE -> {
                    if (row.choice.get() == null) {
                        return incomplete(i, "pick a value");
                    }
                    value = row.choice.get().value();
                }
                case NUMBER -> {
                    try {
                        value = JSON.numberNode(new BigDecimal(text));
                    } catch (NumberFormatException e) {
                        return incomplete(i, "needs a number");
                    }
                }
                case DAYS -> {
                    try {
                        value = JSON.numberNode(Integer.parseInt(text));
                    } catch (NumberFormatException e) {
                        return incomplete(i, "needs a number of days");
                    }
                }
                default -> {
                    if (text.isEmpty()) {
                        return incomplete(i, op.kind() == Kind.DATE ? "needs a date" : "needs a value");
                    }
                    value = JSON.textNode(text);
                }
            }
            conditions.add(new SegmentFilter.Condition(row.field.get().key(), op.key(), value));
        }
        error.set("");
        return new SegmentFilter(match.get(), conditions);
    }

    private SegmentFilter incomplete(int row, String what) {
        error.set("Condition " + (row + 1) + " " + what + ".");
        count.set("");
        return null;
    }

    /** Asks the server how many contacts the rows select; older answers are dropped. */
    public void recount() {
        SegmentFilter filter = filter();
        if (filter == null) {
            return;
        }
        long mine = ++asked;
        count.set("Counting…");
        ui.run(() -> api.count(filter), n -> {
            if (mine == asked) {
                count.set(String.format("%,d %s", n, n == 1 ? "contact" : "contacts"));
            }
        }, failure -> {
            if (mine == asked) {
                count.set("");
                error.set(failure.getMessage());
            }
        });
    }

    /** Saves the rows as a segment; {@code saved} gets it. */
    public void save(Consumer<Segment> saved) {
        SegmentFilter filter = filter();
        String given = name.get() == null ? "" : name.get().strip();
        if (given.isEmpty()) {
            error.set("Give the segment a name.");
            return;
        }
        if (filter == null) {
            return;
        }
        ui.run(() -> api.saveSegment(given, filter), saved, failure -> error.set(failure.getMessage()));
    }

    public List<Field> fields() {
        return fields;
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    public StringProperty matchProperty() {
        return match;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty countProperty() {
        return count;
    }

    public StringProperty errorProperty() {
        return error;
    }
}
