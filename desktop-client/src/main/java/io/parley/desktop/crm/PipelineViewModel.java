package io.parley.desktop.crm;

import io.parley.desktop.app.UiExecutor;
import io.parley.model.common.Page;
import io.parley.model.crm.Contact;
import io.parley.model.crm.Stage;
import io.parley.model.crm.Tag;
import io.parley.model.identity.User;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Pipeline workspace: a column per stage with its count and its contacts, paged per column as
 * each scrolls (so 10,000 contacts on the board cost what the visible cards cost), narrowed by
 * owner and tag. A card moved to another column moves at once and is sent to the server; if the
 * server refuses, it goes back where it was and the reason is shown.
 */
public final class PipelineViewModel {
    static final int PAGE = 40;

    /** One stage's column: its cards as loaded so far and how many contacts it holds in all. */
    public static final class Column {
        private final Stage stage;
        private final ObservableList<Contact> cards = FXCollections.observableArrayList();
        private final LongProperty count = new SimpleLongProperty();
        private String nextCursor;
        private boolean loading;
        private long generation;

        Column(Stage stage) {
            this.stage = stage;
            count.set(stage.contactCount());
        }

        public Stage stage() {
            return stage;
        }

        public ObservableList<Contact> cards() {
            return cards;
        }

        public LongProperty countProperty() {
            return count;
        }

        public boolean hasMore() {
            return nextCursor != null;
        }
    }

    private final ContactsApi api;
    private final UiExecutor ui;
    private final ObservableList<Column> columns = FXCollections.observableArrayList();
    private final ObservableList<User> members = FXCollections.observableArrayList();
    private final ObservableList<Tag> tags = FXCollections.observableArrayList();
    private final ObjectProperty<User> owner = new SimpleObjectProperty<>();
    private final ObjectProperty<Tag> tag = new SimpleObjectProperty<>();
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");
    private long generation;

    public PipelineViewModel(ContactsApi api, UiExecutor ui) {
        this.api = api;
        this.ui = ui;
        owner.addListener((o, old, now) -> reload());
        tag.addListener((o, old, now) -> reload());
    }

    /** Members and tags for the filters, then the board. */
    public void load() {
        record Setup(List<User> members, List<Tag> tags) {
        }
        ui.run(() -> new Setup(api.members(), api.tags()), setup -> {
            members.setAll(setup.members());
            tags.setAll(setup.tags());
        }, failure -> error.set(failure.getMessage()));
        reload();
    }

    /** The stages with their counts under the filters, and each column's first cards. */
    public void reload() {
        long asked = ++generation;
        notice.set("");
        Map<String, String> filters = filters();
        ui.run(() -> api.stages(filters), stages -> {
            if (asked != generation) {
                return;
            }
            error.set("");
            columns.setAll(stages.stream().map(Column::new).toList());
            columns.forEach(this::loadFirst);
        }, failure -> error.set(failure.getMessage()));
    }

    private void loadFirst(Column column) {
        long asked = ++column.generation;
        column.loading = true;
        Map<String, String> filters = filters(column);
        ui.run(() -> api.contacts(filters, null, PAGE), page -> {
            if (asked == column.generation) {
                column.cards.setAll(page.items());
                accept(column, page);
            }
        }, failure -> fail(column, failure));
    }

    /** The column's next cards, when it scrolled near its end. */
    public void loadMore(Column column) {
        if (column.nextCursor == null || column.loading) {
            return;
        }
        long asked = column.generation;
        String cursor = column.nextCursor;
        column.loading = true;
        Map<String, String> filters = filters(column);
        ui.run(() -> api.contacts(filters, cursor, PAGE), page -> {
            if (asked == column.generation) {
                column.cards.addAll(page.items());
                accept(column, page);
            }
        }, failure -> fail(column, failure));
    }

    private static void accept(Column column, Page<Contact> page) {
        column.nextCursor = page.nextCursor();
        column.loading = false;
    }

    private void fail(Column column, Throwable failure) {
        column.loading = false;
        error.set(failure.getMessage());
    }

    /**
     * Moves a card to another stage: on the board at once, then on the server; a refusal puts the
     * card back at its place and says why.
     */
    public void move(Contact contact, Column to) {
        Optional<Column> found = columnOf(contact.id());
        if (found.isEmpty() || found.get() == to) {
            return;
        }
        Column from = found.get();
        int index = indexOf(from, contact.id());
        Contact card = from.cards.remove(index);
        from.count.set(from.count.get() - 1);
        to.cards.addFirst(card);
        to.count.set(to.count.get() + 1);
        notice.set("");
        String name = display(card);
        ui.run(() -> api.update(card.id(), Map.of("stageId", to.stage.id())), saved -> {
            int at = indexOf(to, saved.id());
            if (at >= 0) {
                to.cards.set(at, saved);
            }
            notice.set(name + " moved to " + to.stage.name() + ".");
        }, failure -> {
            int at = indexOf(to, card.id());
            if (at >= 0) {
                to.cards.remove(at);
                to.count.set(to.count.get() - 1);
            }
            from.cards.add(Math.min(index, from.cards.size()), card);
            from.count.set(from.count.get() + 1);
            notice.set("Could not move " + name + " to " + to.stage.name() + ": " + failure.getMessage());
        });
    }

    /** A contact changed elsewhere (another agent, an import): its card follows it to its stage. */
    public void changed(Contact contact) {
        Optional<Column> from = columnOf(contact.id());
        Optional<Column> to = columns.stream().filter(c -> contact.stageId() != null && c.stage.id() == contact.stageId()).findFirst();
        if (from.isPresent() && to.isPresent() && from.get() == to.get()) {
            from.get().cards.set(indexOf(from.get(), contact.id()), contact);
            return;
        }
        from.ifPresent(column -> {
            column.cards.remove(indexOf(column, contact.id()));
            column.count.set(Math.max(0, column.count.get() - 1));
        });
        to.ifPresent(column -> {
            if (matchesFilters(contact)) {
                column.cards.addFirst(contact);
                column.count.set(column.count.get() + 1);
            }
        });
    }

    /** A contact was erased or merged into another: its card goes. */
    public void removed(long contactId) {
        columnOf(contactId).ifPresent(column -> {
            column.cards.remove(indexOf(column, contactId));
            column.count.set(Math.max(0, column.count.get() - 1));
        });
    }

    private boolean matchesFilters(Contact contact) {
        return (owner.get() == null || Long.valueOf(owner.get().id()).equals(contact.ownerId()))
                && (tag.get() == null || contact.tags().contains(tag.get().name()));
    }

    private Optional<Column> columnOf(long contactId) {
        return columns.stream().filter(c -> indexOf(c, contactId) >= 0).findFirst();
    }

    private static int indexOf(Column column, long contactId) {
        for (int i = 0; i < column.cards.size(); i++) {
            if (column.cards.get(i).id() == contactId) {
                return i;
            }
        }
        return -1;
    }

    /** The owner's name for a card; empty when nobody owns the contact. */
    public String ownerName(Long ownerId) {
        if (ownerId == null) {
            return "";
        }
        return members.stream().filter(m -> m.id() == ownerId).map(User::name).findFirst().orElse("");
    }

    static String display(Contact contact) {
        return contact.name() != null && !contact.name().isBlank() ? contact.name()
                : contact.phone() != null ? contact.phone() : "Contact " + contact.id();
    }

    private Map<String, String> filters() {
        Map<String, String> filters = new HashMap<>();
        filters.put("ownerId", owner.get() == null ? null : Long.toString(owner.get().id()));
        filters.put("tag", tag.get() == null ? null : tag.get().name());
        return filters;
    }

    private Map<String, String> filters(Column column) {
        Map<String, String> filters = filters();
        filters.put("stageId", Long.toString(column.stage.id()));
        return filters;
    }

    public ObservableList<Column> columns() {
        return columns;
    }

    public ObservableList<User> members() {
        return members;
    }

    public ObservableList<Tag> tags() {
        return tags;
    }

    public ObjectProperty<User> ownerProperty() {
        return owner;
    }

    public ObjectProperty<Tag> tagProperty() {
        return tag;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public StringProperty noticeProperty() {
        return notice;
    }
}
