package io.parley.desktop.signin;

import io.parley.desktop.api.ApiException;
import io.parley.desktop.api.ParleyClient;
import io.parley.desktop.api.ServerUnreachableException;
import io.parley.desktop.api.SessionExpiredException;
import io.parley.desktop.api.TokenStore;
import io.parley.desktop.app.Settings;
import io.parley.desktop.app.UiExecutor;
import io.parley.model.identity.DemoAccount;
import io.parley.model.identity.Session;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.function.BiConsumer;

/**
 * The sign-in screen's state: server address (remembered), email, password, a readable error,
 * and whether a request is in flight. A kept session is resumed without asking.
 */
public final class SignInViewModel {
    private final StringProperty serverUrl = new SimpleStringProperty();
    private final StringProperty email = new SimpleStringProperty();
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);

    private final Settings settings;
    private final TokenStore tokens;
    private final UiExecutor ui;
    private final BiConsumer<ParleyClient, Session> onSignedIn;

    public SignInViewModel(Settings settings, TokenStore tokens, UiExecutor ui, String presetServer,
                           BiConsumer<ParleyClient, Session> onSignedIn) {
        this.settings = settings;
        this.tokens = tokens;
        this.ui = ui;
        this.onSignedIn = onSignedIn;
        serverUrl.set(presetServer != null ? presetServer : settings.serverUrl());
        email.set(settings.email());
    }

    public void signIn() {
        if (busy.get()) {
            return;
        }
        String url = serverUrl.get() == null ? "" : serverUrl.get().strip();
        String mail = email.get() == null ? "" : email.get().strip();
        if (url.isEmpty() || mail.isEmpty() || password.get().isEmpty()) {
            error.set("Enter the server address, your email and your password.");
            return;
        }
        ParleyClient client;
        try {
            client = new ParleyClient(url, tokens);
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        busy.set(true);
        error.set("");
        String secret = password.get();
        ui.run(() -> client.login(mail, secret), session -> {
            busy.set(false);
            password.set("");
            settings.set("serverUrl", url);
            settings.set("email", mail);
            onSignedIn.accept(client, session);
        }, failure -> {
            busy.set(false);
            error.set(describe(failure));
        });
    }

    /** Fills in the demo organisation's owner and signs in: what {@code --demo} launches do. */
    public void signInToDemo() {
        email.set(DemoAccount.EMAIL);
        password.set(DemoAccount.PASSWORD);
        signIn();
    }

    /** Signs in with a kept session, if there is one; otherwise leaves the form as it is. */
    public void resume() {
        if (tokens.refreshToken() == null) {
            return;
        }
        ParleyClient client = new ParleyClient(serverUrl.get(), tokens);
        busy.set(true);
        ui.run(client::refresh, session -> {
            busy.set(false);
            onSignedIn.accept(client, session);
        }, failure -> {
            busy.set(false);
            if (!(failure instanceof SessionExpiredException)) {
                error.set(describe(failure));
            }
        });
    }

    static String describe(Throwable failure) {
        if (failure instanceof ServerUnreachableException) {
            return failure.getMessage();
        }
        if (failure instanceof ApiException api) {
            return api.status() == 401 ? "The email or password is wrong." : api.getMessage();
        }
        return "Something went wrong: " + failure.getMessage();
    }

    public StringProperty serverUrlProperty() {
        return serverUrl;
    }

    public StringProperty emailProperty() {
        return email;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }
}
