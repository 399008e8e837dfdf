package io.parley.desktop.app;

import javafx.fxml.FXML;
import javafx.scene.control.Label;
import org.kordamp.ikonli.javafx.FontIcon;

/** The placeholder of a workspace whose feature has not landed: its name, and what it will hold. */
public final class ComingSoonView {
    private final Workspace workspace;
    @FXML
    private FontIcon icon;
    @FXML
    private Label title;
    @FXML
    private Label blurb;

    public ComingSoonView(Workspace workspace) {
        this.workspace = workspace;
    }

    @FXML
    private void initialize() {
        icon.setIconLiteral(workspace.icon());
        title.setText(workspace.title());
        blurb.setText(workspace.comingSoon());
    }
}
