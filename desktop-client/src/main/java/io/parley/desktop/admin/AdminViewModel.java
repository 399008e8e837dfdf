package io.parley.desktop.admin;

import io.parley.desktop.app.UiExecutor;
import io.parley.model.channel.Channel;
import io.parley.model.channel.ChannelRequest;
import io.parley.model.channel.Provider;
import io.parley.model.channel.Template;
import io.parley.model.identity.Role;
import io.parley.model.identity.User;
import io.parley.model.identity.UserPatch;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The admin panel (ADMIN and OWNER only): users (invite, change role, deactivate), channels (add a
 * sandbox, connect a Cloud API number and see what to paste into Meta), templates (list, sync).
 */
public final class AdminViewModel {
    private final ObservableList<User> users = FXCollections.observableArrayList();
    private final ObservableList<Channel> channels = FXCollections.observableArrayList();
    private final ObservableList<Template> templates = FXCollections.observableArrayList();
    private final StringProperty inviteEmail = new SimpleStringProperty("");
    private final ObjectProperty<Role> inviteRole = new SimpleObjectProperty<>(Role.AGENT);
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final CloudChannelForm cloud = new CloudChannelForm();

    private final AdminApi client;
    private final UiExecutor ui;

    public AdminViewModel(AdminApi client, UiExecutor ui) {
        this.client = client;
        this.ui = ui;
    }

    /** The fields of a Cloud API number, as Meta's WhatsApp Manager names them. */
    public static final class CloudChannelForm {
        public final StringProperty name = new SimpleStringProperty("");
        public final StringProperty phoneNumberId = new SimpleStringProperty("");
        public final StringProperty wabaId = new SimpleStringProperty("");
        public final StringProperty displayPhoneNumber = new SimpleStringProperty("");
        public final StringProperty accessToken = new SimpleStringProperty("");
        public final StringProperty appSecret = new SimpleStringProperty("");
        public final StringProperty verifyToken = new SimpleStringProperty("");
    }

    public void load() {
        ui.run(client::users, users::setAll, this::fail);
        ui.run(client::channels, channels::setAll, this::fail);
        ui.run(client::templates, templates::setAll, this::fail);
    }

    public void invite() {
        String email = inviteEmail.get().strip();
        Role role = inviteRole.get();
        ui.run(() -> client.invite(email, role), invitation -> {
            inviteEmail.set("");
            error.set("");
            status.set("Invitation created for " + invitation.email() + " as " + invitation.role()
                    + ". It is in the mail outbox; the token to paste is: " + invitation.token());
        }, this::fail);
    }

    public void changeRole(User user, Role role) {
        if (user == null || role == null) {
            return;
        }
        ui.run(() -> client.updateUser(user.id(), new UserPatch(role, null, null)), this::replace, this::fail);
    }

    public void setActive(User user, boolean active) {
        if (user == null) {
            return;
        }
        ui.run(() -> client.updateUser(user.id(), new UserPatch(null, active, null)), this::replace, this::fail);
    }

    public void addSandbox() {
        ui.run(() -> client.createChannel(new ChannelRequest("Sandbox", Provider.SANDBOX, null, null, null, null, null,
                null, null, null, null)), created -> {
            channels.add(created);
            status.set("Sandbox number added: try it with the customer simulator.");
        }, this::fail);
    }

    public void connectCloudNumber() {
        ChannelRequest request = new ChannelRequest(cloud.name.get(), Provider.CLOUD, cloud.phoneNumberId.get(),
                cloud.wabaId.get(), cloud.displayPhoneNumber.get(), cloud.accessToken.get(), cloud.appSecret.get(),
                cloud.verifyToken.get(), null, null, null);
        String verify = cloud.verifyToken.get();
        ui.run(() -> client.createChannel(request), created -> {
            channels.add(created);
            error.set("");
            status.set("Connected. In Meta's app settings → WhatsApp → Configuration, set the callback URL to "
                    + client.serverUrl().replaceAll("/+$", "") + created.webhookUrlPath()
                    + " (on your public HTTPS address) and the verify token to \"" + verify
                    + "\", then subscribe to messages and message_template_status_update.");
            cloud.accessToken.set("");
            cloud.appSecret.set("");
        }, this::fail);
    }

    public void syncTemplates() {
        ui.run(() -> {
            client.syncTemplates();
            return client.templates();
        }, synced -> {
            templates.setAll(synced);
            status.set(synced.size() + " templates synced.");
        }, this::fail);
    }

    private void replace(User updated) {
        for (int i = 0; i < users.size(); i++) {
            if (users.get(i).id() == updated.id()) {
                users.set(i, updated);
            }
        }
        error.set("");
        status.set(updated.name() + " is now " + updated.role() + (updated.active() ? "" : " (deactivated)") + ".");
    }

    private void fail(Throwable failure) {
        status.set("");
        error.set(failure.getMessage());
    }

    public ObservableList<User> users() {
        return users;
    }

    public ObservableList<Channel> channels() {
        return channels;
    }

    public ObservableList<Template> templates() {
        return templates;
    }

    public StringProperty inviteEmailProperty() {
        return inviteEmail;
    }

    public ObjectProperty<Role> inviteRoleProperty() {
        return inviteRole;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public CloudChannelForm cloud() {
        return cloud;
    }
}
