package io.parley.desktop.app;

import io.parley.desktop.admin.AdminApi;
import io.parley.desktop.admin.AdminView;
import io.parley.desktop.admin.AdminViewModel;
import io.parley.desktop.admin.CannedResponsesView;
import io.parley.desktop.admin.CannedResponsesViewModel;
import io.parley.desktop.admin.TeamsView;
import io.parley.desktop.admin.TeamsViewModel;
import io.parley.desktop.api.EventStream;
import io.parley.desktop.api.ParleyClient;
import io.parley.desktop.api.TokenStore;
import io.parley.desktop.crm.ContactCard;
import io.parley.desktop.crm.ContactCardViewModel;
import io.parley.desktop.crm.ContactEvents;
import io.parley.desktop.crm.ContactSearch;
import io.parley.desktop.crm.ContactsApi;
import io.parley.desktop.crm.ContactsView;
import io.parley.desktop.crm.ContactsViewModel;
import io.parley.desktop.crm.ImportWizard;
import io.parley.desktop.crm.ImportWizardViewModel;
import io.parley.desktop.crm.SegmentBuilder;
import io.parley.desktop.crm.SegmentBuilderViewModel;
import io.parley.desktop.crm.PipelineView;
import io.parley.desktop.crm.PipelineViewModel;
import io.parley.desktop.inbox.ConversationSearch;
import io.parley.desktop.inbox.InboxApi;
import io.parley.desktop.inbox.InboxView;
import io.parley.desktop.inbox.InboxViewModel;
import io.parley.desktop.inbox.NewMessageAlerts;
import io.parley.desktop.preferences.PreferencesView;
import io.parley.desktop.preferences.PreferencesViewModel;
import io.parley.desktop.sandbox.SandboxApi;
import io.parley.desktop.sandbox.SimulatorView;
import io.parley.desktop.sandbox.SimulatorViewModel;
import io.parley.desktop.signin.SignInView;
import io.parley.desktop.signin.SignInViewModel;
import io.parley.model.crm.Contact;
import io.parley.model.identity.Role;
import io.parley.model.identity.Session;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The app's one window: the sign-in screen, then the shell — a navigation rail of workspaces
 * (Inbox, Contacts, …, Admin for admins), the finder (Ctrl+K) and the tray badge. Owns the
 * session's moving parts — client, event stream — and builds every view by hand.
 */
public final class MainWindow {
    static final String INBOX = "inbox";
    static final String ADMIN = "admin";
    static final String CONTACTS = "contacts";
    static final String PIPELINE = "pipeline";

    /** The rail, in order (Ctrl+1 … Ctrl+8); a feature replaces its "coming soon" when it lands. */
    static final List<Workspace> WORKSPACES = List.of(
            new Workspace(INBOX, "Inbox", "mdi2i-inbox", Role.AGENT, null),
            new Workspace(CONTACTS, "Contacts", "mdi2c-card-account-details-outline", Role.AGENT, null),
            new Workspace(PIPELINE, "Pipeline", "mdi2v-view-column-outline", Role.AGENT, null),
            new Workspace("tickets", "Tickets", "mdi2t-ticket-outline", Role.AGENT,
                    "What is still open: numbered tickets opened from chats, assigned, commented, with SLAs."),
            new Workspace("campaigns", "Campaigns", "mdi2b-bullhorn-outline", Role.AGENT,
                    "Reaching many customers at once: template sends to segments, with live progress and results."),
            new Workspace("automation", "Automation", "mdi2r-robot-outline", Role.AGENT,
                    "Answers before a human looks: keyword rules, menu flows, business hours and an AI agent."),
            new Workspace("reports", "Reports", "mdi2c-chart-box-outline", Role.AGENT,
                    "How the team is doing: conversations, response times, SLAs and campaign results."),
            new Workspace(ADMIN, "Admin", "mdi2s-shield-account-outline", Role.ADMIN, null));

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
    private ShellViewModel shell;
    private ContactsViewModel contacts;
    private PipelineViewModel pipeline;
    private ContactCardViewModel contactCard;
    private CommandPaletteViewModel palette;
    private Stage paletteWindow;
    private TrayBadge tray;
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
        SignInViewModel model = new SignInViewModel(settings, tokens, ui, launch.server(), this::showShell);
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

    private void showShell(ParleyClient client, Session session) {
        InboxApi inboxApi = new InboxApi(client);
        ContactsApi contactsApi = new ContactsApi(client);
        inbox = new InboxViewModel(inboxApi, ui, clock, session.user().id());
        contacts = new ContactsViewModel(contactsApi, ui, session.user().role(), downloads());
        pipeline = new PipelineViewModel(contactsApi, ui);
        contactCard = new ContactCardViewModel(contactsApi, ui);
        inbox.chat().conversationProperty().addListener((o, old, now) ->
                contactCard.show(now == null || now.contact() == null ? null : now.contact().id()));
        shell = new ShellViewModel(WORKSPACES, session.user().role());
        palette = new CommandPaletteViewModel(ui, shell.workspaces(), w -> shell.select(w.id()), List.of(
                new ConversationSearch(inboxApi, conversation -> {
                    shell.select(INBOX);
                    inbox.open(conversation.id());
                }),
                new ContactSearch(contactsApi, this::openContact)));
        ShellView.Actions actions = new ShellView.Actions(this::openPalette, () -> openSimulator(client),
                this::openPreferences, () -> ShortcutsHelp.show(stage), () -> signOut(client));
        scene.getAccelerators().clear();
        scene.setRoot(load("/io/parley/desktop/app/ShellView.fxml", type -> new ShellView(shell,
                workspace -> workspaceView(workspace, client), actions,
                session.user().name() + " · " + session.org().name(), inbox.hasSandboxProperty())));
        IntegerBinding unread = inbox.unreadForMe();
        String title = "Parley — " + session.org().name();
        stage.titleProperty().bind(Bindings.createStringBinding(
                () -> unread.get() > 0 ? "(" + unread.get() + ") " + title : title, unread));
        tray = TrayBadge.install(() -> {
            stage.setIconified(false);
            stage.toFront();
        }).orElse(null);
        if (tray != null) {
            tray.show(unread.get());
            unread.addListener((o, old, now) -> tray.show(now.intValue()));
        }
        inbox.reload();
        fanout = new EventFanout();
        fanout.add(inbox);
        fanout.add(new ContactEvents(ui, contact -> {
            pipeline.changed(contact);
            contactCard.changed(contact);
        }, pipeline::removed));
        fanout.add(new NewMessageAlerts(inbox, session.user().id(), ui, settings::notifications, stage::isFocused,
                this::notifyNewMessage));
        events = new EventStream(client, fanout);
        events.start(null);
    }

    /** A workspace's view, built the first time the member opens it. */
    private Node workspaceView(Workspace workspace, ParleyClient client) {
        return switch (workspace.id()) {
            case INBOX -> load("/io/parley/desktop/inbox/InboxView.fxml", type -> type == ContactCard.class
                    ? new ContactCard(contactCard, this::openContact) : new InboxView(inbox, clock, opener));
            case ADMIN -> adminView(new AdminApi(client));
            case CONTACTS -> contactsView();
            case PIPELINE -> pipelineView();
            default -> load("/io/parley/desktop/app/ComingSoonView.fxml", type -> new ComingSoonView(workspace));
        };
    }

    /** Ctrl+K: the finder, over the main window; it closes when it loses the focus. */
    private void openPalette() {
        if (palette == null || (paletteWindow != null && paletteWindow.isShowing())) {
            return;
        }
        palette.queryProperty().set("");
        Stage window = new Stage(StageStyle.UNDECORATED);
        window.initOwner(stage);
        Scene paletteScene = new Scene(load("/io/parley/desktop/app/CommandPalette.fxml",
                type -> new CommandPalette(palette, window::close)));
        appearance.attach(paletteScene);
        window.setScene(paletteScene);
        window.focusedProperty().addListener((o, was, focused) -> {
            if (was && !focused) {
                window.close();
            }
        });
        CommandPalette.place(window, stage);
        paletteWindow = window;
        window.show();
    }

    private Parent contactsView() {
        ContactsView.Actions actions = new ContactsView.Actions(this::openImportWizard, this::openSegmentBuilder, opener,
                conversationId -> {
                    shell.select(INBOX);
                    inbox.open(conversationId);
                });
        Parent view = load("/io/parley/desktop/crm/ContactsView.fxml", type -> new ContactsView(contacts, clock, actions));
        contacts.load();
        return view;
    }

    /** The Contacts workspace with this contact picked (from the palette, the board, the inbox's CRM card). */
    private void openContact(Contact contact) {
        shell.select(CONTACTS);
        contacts.select(contact);
    }

    /** Where files the app saves for the member go (exports, rejected import rows, message files). */
    private static Path downloads() {
        return Path.of(System.getProperty("user.home"), "Downloads", "Parley");
    }

    /** The contact import wizard, in its own window, following the import's progress events. */
    private void openImportWizard() {
        ImportWizardViewModel model = new ImportWizardViewModel(contacts.api(), ui, downloads(), done -> contacts.reload());
        Stage window = new Stage();
        window.initOwner(stage);
        window.setTitle("Parley — import contacts");
        Scene wizardScene = new Scene(load("/io/parley/desktop/crm/ImportWizard.fxml",
                type -> new ImportWizard(model, opener, window::close)));
        appearance.attach(wizardScene);
        window.setScene(wizardScene);
        fanout.add(model);
        window.setOnHidden(e -> fanout.remove(model));
        model.load(List.copyOf(contacts.fields()));
        window.show();
    }

    /** The condition builder, starting from the list's current stage and tag filters. */
    private void openSegmentBuilder() {
        SegmentBuilderViewModel model = new SegmentBuilderViewModel(contacts.api(), ui, List.copyOf(contacts.tags()),
                List.copyOf(contacts.stages()), List.copyOf(contacts.members()), List.copyOf(contacts.fields()));
        model.startFrom(contacts.stageProperty().get(), contacts.tagProperty().get());
        Stage window = new Stage();
        window.initOwner(stage);
        window.setTitle("Parley — new segment");
        Scene builderScene = new Scene(load("/io/parley/desktop/crm/SegmentBuilder.fxml",
                type -> new SegmentBuilder(model, contacts::segmentSaved, window::close)));
        appearance.attach(builderScene);
        window.setScene(builderScene);
        window.show();
    }

    private Parent pipelineView() {
        Parent view = load("/io/parley/desktop/crm/PipelineView.fxml", type -> new PipelineView(pipeline, clock, this::openContact));
        pipeline.load();
        return view;
    }

    private Parent adminView(AdminApi api) {
        AdminViewModel model = new AdminViewModel(api, ui);
        TeamsViewModel teams = new TeamsViewModel(api, ui);
        CannedResponsesViewModel canned = new CannedResponsesViewModel(api, ui);
        // The admin workspace's tabs are included views, each with its own view-model.
        Parent view = load("/io/parley/desktop/admin/AdminView.fxml", type ->
                type == TeamsView.class ? new TeamsView(teams)
                        : type == CannedResponsesView.class ? new CannedResponsesView(canned)
                        : new AdminView(model));
        model.load();
        teams.load();
        canned.load();
        return view;
    }

    /** The sandbox customer's phone, in its own window, fed by the same event stream. */
    private void openSimulator(ParleyClient client) {
        SimulatorViewModel model = new SimulatorViewModel(new SandboxApi(client), ui);
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

    /**
     * A desktop notification of a new message ({@link NewMessageAlerts} decides which deserve one);
     * clicking it brings Parley forward in the inbox with the conversation open.
     */
    public void notifyNewMessage(NewMessageAlerts.Alert alert) {
        InboxViewModel current = inbox;
        Notifications.create()
                .owner(stage)
                .title(alert.title())
                .text(alert.text())
                .hideAfter(Duration.seconds(8))
                .onAction(e -> {
                    stage.setIconified(false);
                    stage.toFront();
                    shell.select(INBOX);
                    current.open(alert.conversationId());
                })
                .showInformation();
    }

    private void signOut(ParleyClient client) {
        if (events != null) {
            events.close();
            events = null;
        }
        closeTray();
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
        closeTray();
        settings.flush();
    }

    private void closeTray() {
        if (tray != null) {
            tray.close();
            tray = null;
        }
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
