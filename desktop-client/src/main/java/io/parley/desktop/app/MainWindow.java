package io.parley.desktop.app;

import io.parley.desktop.admin.AdminView;
import io.parley.desktop.admin.AdminViewModel;
import io.parley.desktop.admin.CannedResponsesView;
import io.parley.desktop.admin.CannedResponsesViewModel;
import io.parley.desktop.admin.TeamsView;
import io.parley.desktop.admin.TeamsViewModel;
import io.parley.desktop.api.EventStream;
import io.parley.desktop.api.ParleyClient;
import io.parley.desktop.api.TokenStore;
import io.parley.desktop.inbox.InboxView;
import io.parley.desktop.inbox.InboxViewModel;
import io.parley.desktop.inbox.NewMessageAlerts;
import io.parley.desktop.inbox.ShortcutsHelp;
import io.parley.desktop.preferences.PreferencesView;
import io.parley.desktop.preferences.PreferencesViewModel;
import io.parley.desktop.sandbox.SimulatorView;
import io.parley.desktop.sandbox.SimulatorViewModel;
import io.parley.desktop.signin.SignInView;
import io.parley.desktop.signin.SignInViewModel;
import io.parley.model.identity.Role;
import io.parley.model.identity.Session;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.function.Function;

/**
 * The app's one window: the sign-in screen, then the inbox with a top bar (who is signed in, sign
 * out). Owns the session's moving parts — client, event stream — and builds every view by hand.
 */
public final class MainWindow {
    private final Stage stage;
    private final Settings settings;
    private final TokenStore tokens;
    private final UiExecutor ui;
    private final Clock clock;
    private LaunchOptions launch;
    private final Scene scene;
    private EventStream events;
    private EventFanout fanout;
    private InboxViewModel inbox;
    private final Appearance appearance;
    private final Opener opener;

    public MainWindow(Stage stage, Settings settings, TokenStore tokens, UiExecutor ui, Clock clock, LaunchOptions launch,
                      Opener opener) {
        this.opener = opener;
        this.stage = stage;
        this.settings = settings;
        this.tokens = tokens;
        this.ui = ui;
        this.clock = clock;
        this.launch = launch;
        this.appearance = new Appearance(settings);
        this.scene = new Scene(new Region(), 1200, 760);
        appearance.attach(scene);
        stage.titleProperty().unbind();
        stage.setTitle("Parley");
        stage.setScene(scene);
    }

    public void show() {
        showSignIn();
        stage.show();
    }

    public InboxViewModel inbox() {
        return inbox;
    }

    private void showSignIn() {
        SignInViewModel model = new SignInViewModel(settings, tokens, ui, launch.server(), this::showInbox);
        scene.getAccelerators().clear();
        scene.setRoot(load("/io/parley/desktop/signin/SignInView.fxml", type -> new SignInView(model)));
        stage.titleProperty().unbind();
        stage.setTitle("Parley — sign in");
        if (launch.demo()) {
            // Only the first sign-in: after signing out, the agent chooses who to be.
            launch = new LaunchOptions(launch.server(), false);
            model.signInToDemo();
        } else {
            model.resume();
        }
    }

    private void showInbox(ParleyClient client, Session session) {
        inbox = new InboxViewModel(client, ui, clock, session.user().id());
        Parent view = load("/io/parley/desktop/inbox/InboxView.fxml", type -> new InboxView(inbox, clock, opener));
        Label who = new Label(session.user().name() + " · " + session.org().name());
        who.setId("signedInAs");
        Button signOut = new Button("Sign out");
        signOut.setId("signOut");
        signOut.setOnAction(e -> signOut(client));
        Button simulator = new Button("Customer simulator");
        simulator.setId("openSimulator");
        simulator.setOnAction(e -> openSimulator(client));
        simulator.visibleProperty().bind(inbox.hasSandboxProperty());
        simulator.managedProperty().bind(simulator.visibleProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label brand = new Label("Parley");
        brand.getStyleClass().add("brand");
        Button admin = new Button("Admin");
        admin.setId("openAdmin");
        admin.setOnAction(e -> openAdmin(client));
        // The server checks roles on every call; hiding the button spares agents a door that would not open.
        admin.setVisible(session.user().role().atLeast(Role.ADMIN));
        admin.setManaged(admin.isVisible());
        Button preferences = new Button("Settings");
        preferences.setId("openPreferences");
        preferences.setOnAction(e -> openPreferences());
        Button shortcuts = new Button("?");
        shortcuts.setId("openShortcuts");
        shortcuts.setOnAction(e -> ShortcutsHelp.show(stage));
        HBox bar = new HBox(12, brand, spacer, admin, simulator, preferences, shortcuts, who, signOut);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 8, 12));
        bar.getStyleClass().add("top-bar");
        BorderPane root = new BorderPane(view);
        root.setTop(bar);
        scene.setRoot(root);
        IntegerBinding unread = inbox.unreadForMe();
        String title = "Parley — " + session.org().name();
        stage.titleProperty().bind(Bindings.createStringBinding(
                () -> unread.get() > 0 ? "(" + unread.get() + ") " + title : title, unread));
        inbox.reload();
        fanout = new EventFanout();
        fanout.add(inbox);
        fanout.add(new NewMessageAlerts(inbox, session.user().id(), ui, settings::notifications, stage::isFocused,
                this::notifyNewMessage));
        events = new EventStream(client, fanout);
        events.start(null);
    }

    private void openAdmin(ParleyClient client) {
        AdminViewModel model = new AdminViewModel(client, ui);
        TeamsViewModel teams = new TeamsViewModel(client, ui);
        CannedResponsesViewModel canned = new CannedResponsesViewModel(client, ui);
        Stage window = new Stage();
        window.initOwner(stage);
        window.setTitle("Parley — admin");
        // The admin window's tabs are included views, each with its own view-model.
        Scene adminScene = new Scene(load("/io/parley/desktop/admin/AdminView.fxml", type ->
                type == TeamsView.class ? new TeamsView(teams)
                        : type == CannedResponsesView.class ? new CannedResponsesView(canned)
                        : new AdminView(model)));
        appearance.attach(adminScene);
        window.setScene(adminScene);
        model.load();
        teams.load();
        canned.load();
        window.show();
    }

    /** The sandbox customer's phone, in its own window, fed by the same event stream. */
    private void openSimulator(ParleyClient client) {
        SimulatorViewModel model = new SimulatorViewModel(client, ui);
        Stage window = new Stage();
        window.initOwner(stage);
        window.setTitle("Parley — customer simulator");
        Scene simulatorScene = new Scene(load("/io/parley/desktop/sandbox/SimulatorView.fxml", type -> new SimulatorView(model)));
        appearance.attach(simulatorScene);
        window.setScene(simulatorScene);
        fanout.add(model);
        window.setOnHidden(e -> fanout.remove(model));
        model.load();
        window.show();
    }

    private void openPreferences() {
        PreferencesViewModel model = new PreferencesViewModel(appearance, settings);
        Stage window = new Stage();
        window.initOwner(stage);
        window.setTitle("Parley — settings");
        Scene preferencesScene = new Scene(load("/io/parley/desktop/preferences/PreferencesView.fxml",
                type -> new PreferencesView(model)));
        appearance.attach(preferencesScene);
        window.setScene(preferencesScene);
        window.show();
    }

    /** A desktop notification; clicking it brings Parley forward with the conversation open. */
    private void notifyNewMessage(NewMessageAlerts.Alert alert) {
        InboxViewModel current = inbox;
        Notifications.create()
                .owner(stage)
                .title(alert.title())
                .text(alert.text())
                .hideAfter(Duration.seconds(8))
                .onAction(e -> {
                    stage.setIconified(false);
                    stage.toFront();
                    current.open(alert.conversationId());
                })
                .showInformation();
    }

    private void signOut(ParleyClient client) {
        if (events != null) {
            events.close();
            events = null;
        }
        ui.run(() -> {
            client.logout();
            return null;
        }, ignored -> showSignIn(), failure -> showSignIn());
    }

    public void close() {
        stage.titleProperty().unbind();
        if (events != null) {
            events.close();
        }
        settings.flush();
    }

    private static Parent load(String fxml, Function<Class<?>, Object> controllers) {
        FXMLLoader loader = new FXMLLoader(MainWindow.class.getResource(fxml));
        loader.setControllerFactory(controllers::apply);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load " + fxml, e);
        }
    }
}
