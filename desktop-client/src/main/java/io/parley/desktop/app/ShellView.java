package io.parley.desktop.app;

import javafx.beans.value.ObservableBooleanValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The signed-in window: a rail with one button per workspace the member may open, a header with the
 * workspace's name, the finder and who is signed in, and the workspace area. A workspace's view is
 * built the first time it is opened and kept, hidden, while others show, so it keeps its state.
 */
public final class ShellView {
    private static final KeyCode[] DIGITS = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4,
            KeyCode.DIGIT5, KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};

    /** What the rail's tools do; the window that owns the session provides them. */
    public record Actions(Runnable openPalette, Runnable openSimulator, Runnable openPreferences, Runnable openHelp,
                          Runnable signOut) {
    }

    private final ShellViewModel model;
    private final Function<Workspace, Node> views;
    private final Actions actions;
    private final String signedIn;
    private final ObservableBooleanValue hasSandbox;
    private final Map<String, Node> built = new HashMap<>();
    private final Map<String, ToggleButton> buttons = new HashMap<>();

    @FXML
    private BorderPane shell;
    @FXML
    private VBox workspaceButtons;
    @FXML
    private StackPane workspaceArea;
    @FXML
    private Label workspaceTitle;
    @FXML
    private Label signedInAs;
    @FXML
    private Button openSimulator;
    @FXML
    private Button openPalette;

    public ShellView(ShellViewModel model, Function<Workspace, Node> views, Actions actions, String signedIn,
                     ObservableBooleanValue hasSandbox) {
        this.model = model;
        this.views = views;
        this.actions = actions;
        this.signedIn = signedIn;
        this.hasSandbox = hasSandbox;
    }

    @FXML
    private void initialize() {
        signedInAs.setText(signedIn);
        signedInAs.setTooltip(new Tooltip(signedIn));
        openPalette.setText("Find anything   " + Shortcut.COMMAND_PALETTE.combination().getDisplayText());
        openSimulator.visibleProperty().bind(hasSandbox);
        openSimulator.managedProperty().bind(openSimulator.visibleProperty());
        ToggleGroup group = new ToggleGroup();
        for (Workspace workspace : model.workspaces()) {
            ToggleButton button = new ToggleButton(workspace.title(), new FontIcon(workspace.icon()));
            button.setId("nav-" + workspace.id());
            button.getStyleClass().add("rail-button");
            button.setContentDisplay(ContentDisplay.TOP);
            button.setToggleGroup(group);
            button.setTooltip(new Tooltip(workspace.title() + numberHint(workspace)));
            button.setOnAction(e -> {
                model.select(workspace.id());
                button.setSelected(true);
            });
            buttons.put(workspace.id(), button);
            workspaceButtons.getChildren().add(button);
        }
        model.selectedProperty().addListener((o, old, now) -> show(now));
        show(model.selected());
        shell.sceneProperty().addListener((o, old, scene) -> {
            if (scene != null) {
                installShortcuts(scene);
            }
        });
    }

    private String numberHint(Workspace workspace) {
        for (int n = 1; n <= DIGITS.length; n++) {
            if (model.selectNumberTarget(n).filter(w -> w.equals(workspace)).isPresent()) {
                return "  (" + new KeyCodeCombination(DIGITS[n - 1], KeyCombination.SHORTCUT_DOWN).getDisplayText() + ")";
            }
        }
        return "";
    }

    private void show(Workspace workspace) {
        Node view = built.computeIfAbsent(workspace.id(), id -> {
            Node created = views.apply(workspace);
            created.setId("workspace-" + id);
            workspaceArea.getChildren().add(created);
            return created;
        });
        built.values().forEach(n -> n.setVisible(n == view));
        buttons.get(workspace.id()).setSelected(true);
        workspaceTitle.setText(workspace.title());
    }

    private void installShortcuts(Scene scene) {
        for (int n = 1; n <= DIGITS.length; n++) {
            int number = n;
            scene.getAccelerators().put(new KeyCodeCombination(DIGITS[n - 1], KeyCombination.SHORTCUT_DOWN),
                    () -> model.selectNumber(number));
        }
        scene.getAccelerators().put(Shortcut.COMMAND_PALETTE.combination(), actions.openPalette());
        scene.getAccelerators().put(Shortcut.HELP.combination(), actions.openHelp());
    }

    @FXML
    private void openPalette() {
        actions.openPalette().run();
    }

    @FXML
    private void openSimulator() {
        actions.openSimulator().run();
    }

    @FXML
    private void openPreferences() {
        actions.openPreferences().run();
    }

    @FXML
    private void openHelp() {
        actions.openHelp().run();
    }

    @FXML
    private void signOut() {
        actions.signOut().run();
    }
}
