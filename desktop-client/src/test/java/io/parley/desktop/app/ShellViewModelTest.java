package io.parley.desktop.app;

import io.parley.model.identity.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShellViewModelTest {

    @Test
    void anAgentGetsEveryWorkspaceButAdmin() {
        ShellViewModel agent = new ShellViewModel(MainWindow.WORKSPACES, Role.AGENT);
        assertThat(agent.workspaces()).extracting(Workspace::id)
                .containsExactly("inbox", "contacts", "pipeline", "tickets", "campaigns", "automation", "reports");
        assertThat(agent.selected().id()).isEqualTo("inbox");
        assertThat(agent.select("admin")).isFalse();
        assertThat(agent.selectNumber(8)).as("Ctrl+8 is Admin, closed to agents").isFalse();
        assertThat(agent.selected().id()).isEqualTo("inbox");

        ShellViewModel admin = new ShellViewModel(MainWindow.WORKSPACES, Role.ADMIN);
        assertThat(admin.workspaces()).hasSize(8).last().extracting(Workspace::id).isEqualTo("admin");
        assertThat(new ShellViewModel(MainWindow.WORKSPACES, Role.OWNER).workspaces()).hasSize(8);
    }

    @Test
    void ctrlAndANumberMeansTheSameWorkspaceForEveryone() {
        ShellViewModel shell = new ShellViewModel(MainWindow.WORKSPACES, Role.OWNER);
        assertThat(shell.selectNumber(3)).isTrue();
        assertThat(shell.selected().id()).isEqualTo("pipeline");
        assertThat(shell.selectNumber(8)).isTrue();
        assertThat(shell.selected().id()).isEqualTo("admin");
        assertThat(shell.selectNumber(9)).isFalse();
        assertThat(shell.selectNumber(0)).isFalse();
        assertThat(shell.selected().id()).isEqualTo("admin");
        assertThat(shell.select("inbox")).isTrue();
        assertThat(shell.selected().id()).isEqualTo("inbox");
    }

    @Test
    void onlyLandedFeaturesAreAvailable() {
        assertThat(MainWindow.WORKSPACES).filteredOn(Workspace::available).extracting(Workspace::id)
                .containsExactly("inbox", "contacts", "pipeline", "admin");
        assertThat(MainWindow.WORKSPACES).filteredOn(w -> !w.available())
                .allSatisfy(w -> assertThat(w.comingSoon()).isNotBlank());
    }
}
