package io.parley.desktop.app;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;

/** Binds ConnectionView.fxml to its view-model; no logic of its own. */
public final class ConnectionView {
    private final ConnectionViewModel model;

    @FXML
    private TextField serverUrl;
    @FXML
    private Button check;
    @FXML
    private Label status;

    public ConnectionView(ConnectionViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        serverUrl.textProperty().bindBidirectional(model.serverUrlProperty());
        status.textProperty().bind(model.statusProperty());
        check.disableProperty().bind(model.busyProperty());
        check.setOnAction(event -> model.checkServer());
        serverUrl.setOnAction(event -> model.checkServer());
    }
}
