package io.parley.desktop.signin;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;

/** Binds SignInView.fxml to its view-model. */
public final class SignInView {
    private final SignInViewModel model;

    @FXML
    private TextField serverUrl;
    @FXML
    private TextField email;
    @FXML
    private PasswordField password;
    @FXML
    private Button signIn;
    @FXML
    private Label error;
    @FXML
    private ProgressIndicator progress;

    public SignInView(SignInViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        serverUrl.textProperty().bindBidirectional(model.serverUrlProperty());
        email.textProperty().bindBidirectional(model.emailProperty());
        password.textProperty().bindBidirectional(model.passwordProperty());
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        progress.visibleProperty().bind(model.busyProperty());
        signIn.disableProperty().bind(model.busyProperty());
        signIn.setOnAction(e -> model.signIn());
        password.setOnAction(e -> model.signIn());
    }
}
