package io.parley.desktop.app;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Ctrl+K: one box that finds anything by name and opens it. Workspaces match as you type; each
 * feature adds a {@link Source} (the inbox its conversations; contacts and tickets as they arrive),
 * searched off the FX thread. Answers to an older query than the one in the box are dropped.
 */
public final class CommandPaletteViewModel {
    /** Fewer letters than this find workspaces only: a server search for one letter answers everything. */
    static final int SEARCH_FROM = 2;

    /** Something the palette can open; {@code open} runs on the FX thread. */
    public record Entry(String kind, String title, String detail, Runnable open) {
    }

    /** One feature's findings for a query; called off the FX thread, so it may call the server. */
    public interface Source {
        List<Entry> search(String text);
    }

    private final UiExecutor ui;
    private final List<Workspace> workspaces;
    private final Consumer<Workspace> goTo;
    private final List<Source> sources;
    private final StringProperty query = new SimpleStringProperty("");
    private final ObservableList<Entry> results = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private long generation;

    public CommandPaletteViewModel(UiExecutor ui, List<Workspace> workspaces, Consumer<Workspace> goTo, List<Source> sources) {
        this.ui = ui;
        this.workspaces = workspaces;
        this.goTo = goTo;
        this.sources = List.copyOf(sources);
        query.addListener((o, old, text) -> refresh());
        refresh();
    }

    public StringProperty queryProperty() {
        return query;
    }

    public ObservableList<Entry> results() {
        return results;
    }

    /** What the list cannot say itself: searching, nothing found, the search failed. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Opens {@code entry}, or the first result when none is chosen; false if there was nothing to open. */
    public boolean open(Entry entry) {
        Entry target = entry != null ? entry : results.isEmpty() ? null : results.getFirst();
        if (target == null) {
            return false;
        }
        target.open().run();
        return true;
    }

    private void refresh() {
        String text = query.get() == null ? "" : query.get().strip();
        long asked = ++generation;
        List<Entry> local = workspaceEntries(text);
        results.setAll(local);
        if (text.length() < SEARCH_FROM) {
            status.set(text.isEmpty() ? "Type a name, a phone number or words of a message." : "");
            return;
        }
        status.set("Searching…");
        ui.run(() -> {
            List<Entry> found = new ArrayList<>();
            for (Source source : sources) {
                found.addAll(source.search(text));
            }
            return found;
        }, found -> {
            if (asked == generation) {
                List<Entry> all = new ArrayList<>(local);
                all.addAll(found);
                results.setAll(all);
                status.set(all.isEmpty() ? "Nothing found for “" + text + "”." : "");
            }
        }, failure -> {
            if (asked == generation) {
                status.set("Search failed: " + failure.getMessage());
            }
        });
    }

    private List<Entry> workspaceEntries(String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        return workspaces.stream()
                .filter(w -> wanted.isEmpty() || w.title().toLowerCase(Locale.ROOT).startsWith(wanted))
                .map(w -> new Entry("Workspace", "Go to " + w.title(), w.available() ? "" : "coming soon", () -> goTo.accept(w)))
                .toList();
    }
}
