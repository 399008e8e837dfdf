package io.parley.desktop.app;

import io.parley.model.identity.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class CommandPaletteViewModelTest {
    private final List<String> opened = new ArrayList<>();
    private final List<Workspace> workspaces = new ShellViewModel(MainWindow.WORKSPACES, Role.AGENT).workspaces();

    @Test
    void workspacesMatchAsYouTypeAndSourcesFromTwoLetters() {
        List<String> asked = new ArrayList<>();
        CommandPaletteViewModel palette = new CommandPaletteViewModel(UiExecutor.direct(), workspaces,
                w -> opened.add(w.id()), List.of(text -> {
                    asked.add(text);
                    return List.of(entry("Clara Schmidt"));
                }));
        assertThat(palette.results()).hasSize(7);
        assertThat(palette.statusProperty().get()).contains("Type a name");

        palette.queryProperty().set("c");
        assertThat(palette.results()).extracting(CommandPaletteViewModel.Entry::title)
                .containsExactly("Go to Contacts", "Go to Campaigns");
        assertThat(asked).as("one letter asks no server").isEmpty();

        palette.queryProperty().set("cla ");
        assertThat(asked).containsExactly("cla");
        assertThat(palette.results()).extracting(CommandPaletteViewModel.Entry::title).containsExactly("Clara Schmidt");
        assertThat(palette.open(null)).isTrue();
        assertThat(opened).containsExactly("conversation Clara Schmidt");

        palette.queryProperty().set("pip");
        palette.open(palette.results().getFirst());
        assertThat(opened).containsExactly("conversation Clara Schmidt", "pipeline");
    }

    @Test
    void anAnswerToAnOlderQueryIsDropped() {
        List<Runnable> pending = new ArrayList<>();
        UiExecutor later = new UiExecutor() {
            @Override
            public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
                pending.add(() -> {
                    try {
                        onSuccess.accept(work.call());
                    } catch (Exception e) {
                        onFailure.accept(e);
                    }
                });
            }

            @Override
            public void onUi(Runnable action) {
                action.run();
            }
        };
        CommandPaletteViewModel palette = new CommandPaletteViewModel(later, workspaces, w -> {
        }, List.of(text -> List.of(entry("found for " + text))));
        palette.queryProperty().set("old");
        palette.queryProperty().set("new");
        assertThat(palette.statusProperty().get()).isEqualTo("Searching…");
        pending.get(1).run();
        pending.get(0).run();
        assertThat(palette.results()).extracting(CommandPaletteViewModel.Entry::title).containsExactly("found for new");
        assertThat(palette.statusProperty().get()).isEmpty();
    }

    @Test
    void nothingFoundAndAFailedSearchAreSaid() {
        CommandPaletteViewModel empty = new CommandPaletteViewModel(UiExecutor.direct(), workspaces, w -> {
        }, List.of(text -> List.of()));
        empty.queryProperty().set("zzz");
        assertThat(empty.results()).isEmpty();
        assertThat(empty.statusProperty().get()).isEqualTo("Nothing found for “zzz”.");
        assertThat(empty.open(null)).isFalse();

        CommandPaletteViewModel failing = new CommandPaletteViewModel(UiExecutor.direct(), workspaces, w -> {
        }, List.of(text -> {
            throw new IllegalStateException("The server cannot be reached");
        }));
        failing.queryProperty().set("clara");
        assertThat(failing.statusProperty().get()).isEqualTo("Search failed: The server cannot be reached");
    }

    private CommandPaletteViewModel.Entry entry(String title) {
        return new CommandPaletteViewModel.Entry("Conversation", title, "Open", () -> opened.add("conversation " + title));
    }
}
