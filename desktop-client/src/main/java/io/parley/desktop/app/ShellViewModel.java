package io.parley.desktop.app;

import io.parley.model.identity.Role;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.List;
import java.util.Optional;

/**
 * The shell's state: which workspaces the signed-in member may open, in rail order, and which one
 * shows. Each workspace keeps its own state while another shows; the shell only switches.
 */
public final class ShellViewModel {
    private final List<Workspace> all;
    private final List<Workspace> workspaces;
    private final ObjectProperty<Workspace> selected = new SimpleObjectProperty<>();

    public ShellViewModel(List<Workspace> all, Role role) {
        this.all = List.copyOf(all);
        this.workspaces = all.stream().filter(w -> role.atLeast(w.minimumRole())).toList();
        selected.set(workspaces.getFirst());
    }

    /** The workspaces this member may open, in rail order. */
    public List<Workspace> workspaces() {
        return workspaces;
    }

    public ReadOnlyObjectProperty<Workspace> selectedProperty() {
        return selected;
    }

    public Workspace selected() {
        return selected.get();
    }

    /** Shows the workspace named {@code id}; false (and nothing changes) if this member may not open it. */
    public boolean select(String id) {
        Optional<Workspace> found = workspaces.stream().filter(w -> w.id().equals(id)).findFirst();
        found.ifPresent(selected::set);
        return found.isPresent();
    }

    /**
     * Ctrl+{@code number}: the number is the workspace's place in the full rail (1 Inbox … 8 Admin), so
     * the same key means the same workspace for everyone; a workspace this member may not open is skipped.
     */
    public boolean selectNumber(int number) {
        return selectNumberTarget(number).map(w -> select(w.id())).orElse(false);
    }

    /** The workspace Ctrl+{@code number} opens for this member, if any. */
    public Optional<Workspace> selectNumberTarget(int number) {
        if (number < 1 || number > all.size()) {
            return Optional.empty();
        }
        Workspace target = all.get(number - 1);
        return workspaces.contains(target) ? Optional.of(target) : Optional.empty();
    }
}
