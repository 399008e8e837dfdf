package io.parley.desktop.admin;

import io.parley.model.channel.Channel;
import io.parley.model.channel.Template;
import io.parley.model.identity.Role;
import io.parley.model.identity.User;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

import java.util.function.Function;

/** Binds AdminView.fxml to the admin view-model. */
public final class AdminView {
    private final AdminViewModel model;

    @FXML
    private TableView<User> users;
    @FXML
    private TableColumn<User, String> userName;
    @FXML
    private TableColumn<User, String> userEmail;
    @FXML
    private TableColumn<User, String> userRole;
    @FXML
    private TableColumn<User, String> userState;
    @FXML
    private TextField inviteEmail;
    @FXML
    private ComboBox<Role> inviteRole;
    @FXML
    private Button invite;
    @FXML
    private ComboBox<Role> newRole;
    @FXML
    private Button changeRole;
    @FXML
    private Button deactivate;
    @FXML
    private Button reactivate;
    @FXML
    private TableView<Channel> channels;
    @FXML
    private TableColumn<Channel, String> channelName;
    @FXML
    private TableColumn<Channel, String> channelProvider;
    @FXML
    private TableColumn<Channel, String> channelNumber;
    @FXML
    private Button addSandbox;
    @FXML
    private TextField cloudName;
    @FXML
    private TextField cloudPhoneNumberId;
    @FXML
    private TextField cloudWabaId;
    @FXML
    private TextField cloudDisplay;
    @FXML
    private PasswordField cloudAccessToken;
    @FXML
    private PasswordField cloudAppSecret;
    @FXML
    private TextField cloudVerifyToken;
    @FXML
    private Button connect;
    @FXML
    private TableView<Template> templates;
    @FXML
    private TableColumn<Template, String> templateName;
    @FXML
    private TableColumn<Template, String> templateLanguage;
    @FXML
    private TableColumn<Template, String> templateStatus;
    @FXML
    private Button sync;
    @FXML
    private Label status;
    @FXML
    private Label error;

    public AdminView(AdminViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        users.setItems(model.users());
        column(userName, User::name);
        column(userEmail, User::email);
        column(userRole, u -> u.role().name());
        column(userState, u -> !u.active() ? "deactivated" : Boolean.TRUE.equals(u.online()) ? "online" : "offline");
        inviteRole.getItems().setAll(Role.values());
        inviteRole.valueProperty().bindBidirectional(model.inviteRoleProperty());
        inviteEmail.textProperty().bindBidirectional(model.inviteEmailProperty());
        invite.setOnAction(e -> model.invite());
        newRole.getItems().setAll(Role.values());
        newRole.setValue(Role.SUPERVISOR);
        changeRole.setOnAction(e -> model.changeRole(users.getSelectionModel().getSelectedItem(), newRole.getValue()));
        deactivate.setOnAction(e -> model.setActive(users.getSelectionModel().getSelectedItem(), false));
        reactivate.setOnAction(e -> model.setActive(users.getSelectionModel().getSelectedItem(), true));

        channels.setItems(model.channels());
        column(channelName, Channel::name);
        column(channelProvider, c -> c.provider().wire());
        column(channelNumber, c -> c.displayPhoneNumber() == null ? c.phoneNumberId() : c.displayPhoneNumber());
        addSandbox.setOnAction(e -> model.addSandbox());
        AdminViewModel.CloudChannelForm form = model.cloud();
        cloudName.textProperty().bindBidirectional(form.name);
        cloudPhoneNumberId.textProperty().bindBidirectional(form.phoneNumberId);
        cloudWabaId.textProperty().bindBidirectional(form.wabaId);
        cloudDisplay.textProperty().bindBidirectional(form.displayPhoneNumber);
        cloudAccessToken.textProperty().bindBidirectional(form.accessToken);
        cloudAppSecret.textProperty().bindBidirectional(form.appSecret);
        cloudVerifyToken.textProperty().bindBidirectional(form.verifyToken);
        connect.setOnAction(e -> model.connectCloudNumber());

        templates.setItems(model.templates());
        column(templateName, Template::name);
        column(templateLanguage, Template::language);
        column(templateStatus, Template::status);
        sync.setOnAction(e -> model.syncTemplates());

        status.textProperty().bind(model.statusProperty());
        error.textProperty().bind(model.errorProperty());
    }

    private static <T> void column(TableColumn<T, String> column, Function<T, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    }
}
