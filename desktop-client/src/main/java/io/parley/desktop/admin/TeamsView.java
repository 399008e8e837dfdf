package io.parley.desktop.admin;

import io.parley.model.identity.Team;
import io.parley.model.identity.User;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckListView;

import java.util.List;

public final class TeamsView {
    private final TeamsViewModel model;

    @FXML
    private ListView<Team> teams;
    @FXML
    private CheckListView<User> members;
    @FXML
    private TextField teamName;
    @FXML
    private Button createTeam;
    @FXML
    private Button saveMembers;
    @FXML
    private Button deleteTeam;
    @FXML
    private Label teamsStatus;
    @FXML
    private Label teamsError;

    public TeamsView(TeamsViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        teams.setItems(model.teams());
        teams.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Team team, boolean empty) {
                super.updateItem(team, empty);
                setText(empty || team == null ? null : team.name() + " · " + team.memberIds().size() + " members");
            }
        });
        members.setItems(model.users());
        members.setCellFactory(list -> new CheckBoxListCell<>(members::getItemBooleanProperty,
                new StringConverter<>() {
                    @Override
                    public String toString(User user) {
                        return user == null ? "" : user.name() + " (" + user.role() + ")";
                    }

                    @Override
                    public User fromString(String text) {
                        // Only editable cells turn text back into an item; these are ticked, never typed into.
                        throw new UnsupportedOperationException("member cells are not editable");
                    }
                }));
        // Picking a team ticks its members; with no team picked the ticks are the new team's members.
        teams.getSelectionModel().selectedItemProperty().addListener((o, old, team) -> showMembers(team));
        model.users().addListener((ListChangeListener<User>) change -> showMembers(teams.getSelectionModel().getSelectedItem()));

        teamName.textProperty().bindBidirectional(model.newNameProperty());
        createTeam.setOnAction(e -> model.create(checkedIds()));
        saveMembers.disableProperty().bind(teams.getSelectionModel().selectedItemProperty().isNull());
        saveMembers.setOnAction(e -> model.saveMembers(teams.getSelectionModel().getSelectedItem(), checkedIds()));
        deleteTeam.disableProperty().bind(teams.getSelectionModel().selectedItemProperty().isNull());
        deleteTeam.setOnAction(e -> model.delete(teams.getSelectionModel().getSelectedItem()));
        teamsStatus.textProperty().bind(model.statusProperty());
        teamsError.textProperty().bind(model.errorProperty());
    }

    private void showMembers(Team team) {
        members.getCheckModel().clearChecks();
        if (team != null) {
            model.users().stream().filter(u -> team.memberIds().contains(u.id())).forEach(u -> members.getCheckModel().check(u));
        }
    }

    private List<Long> checkedIds() {
        return members.getCheckModel().getCheckedItems().stream().map(User::id).toList();
    }
}
