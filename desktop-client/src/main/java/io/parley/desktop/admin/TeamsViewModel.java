package io.parley.desktop.admin;

import io.parley.desktop.app.UiExecutor;
import io.parley.model.identity.Team;
import io.parley.model.identity.TeamRequest;
import io.parley.model.identity.User;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/** The admin panel's teams: create one with its members, change who is in it, delete it. */
public final class TeamsViewModel {
    private final ObservableList<Team> teams = FXCollections.observableArrayList();
    private final ObservableList<User> users = FXCollections.observableArrayList();
    private final StringProperty newName = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");

    private final AdminApi client;
    private final UiExecutor ui;

    public TeamsViewModel(AdminApi client, UiExecutor ui) {
        this.client = client;
        this.ui = ui;
    }

    public void load() {
        ui.run(client::teams, teams::setAll, this::fail);
        ui.run(client::users, all -> users.setAll(all.stream().filter(User::active).toList()), this::fail);
    }

    public void create(List<Long> memberIds) {
        String name = newName.get() == null ? "" : newName.get().strip();
        if (name.isEmpty()) {
            fail(new IllegalArgumentException("Give the team a name."));
            return;
        }
        ui.run(() -> client.createTeam(new TeamRequest(name, memberIds)), created -> {
            teams.add(created);
            newName.set("");
            done("Team " + created.name() + " created with " + created.memberIds().size() + " members.");
        }, this::fail);
    }

    public void saveMembers(Team team, List<Long> memberIds) {
        if (team == null) {
            return;
        }
        ui.run(() -> client.updateTeam(team.id(), new TeamRequest(team.name(), memberIds)), updated -> {
            teams.replaceAll(t -> t.id() == updated.id() ? updated : t);
            done("Team " + updated.name() + " now has " + updated.memberIds().size() + " members.");
        }, this::fail);
    }

    public void delete(Team team) {
        if (team == null) {
            return;
        }
        ui.run(() -> {
            client.deleteTeam(team.id());
            return team;
        }, deleted -> {
            teams.removeIf(t -> t.id() == deleted.id());
            done("Team " + deleted.name() + " deleted.");
        }, this::fail);
    }

    private void done(String message) {
        error.set("");
        status.set(message);
    }

    private void fail(Throwable failure) {
        status.set("");
        error.set(failure.getMessage());
    }

    public ObservableList<Team> teams() {
        return teams;
    }

    public ObservableList<User> users() {
        return users;
    }

    public StringProperty newNameProperty() {
        return newName;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty errorProperty() {
        return error;
    }
}
