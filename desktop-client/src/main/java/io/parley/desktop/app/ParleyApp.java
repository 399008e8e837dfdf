package io.parley.desktop.app;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Parley desktop app. For now one screen that finds the server; the inbox, admin panel and the
 * rest arrive with the desktop app issue.
 */
public final class ParleyApp extends Application {
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    public static void main(String[] args) {
        launch(args);
    }

    @Override
    public void start(Stage stage) throws IOException {
        String url = System.getenv().getOrDefault("PARLEY_SERVER_URL", "http://localhost:8080");
        ConnectionViewModel model = new ConnectionViewModel(url, new ServerCheck(), background, Platform::runLater);
        FXMLLoader loader = new FXMLLoader(getClass().getResource("ConnectionView.fxml"));
        loader.setControllerFactory(type -> new ConnectionView(model));
        Parent root = loader.load();
        Scene scene = new Scene(root, 480, 220);
        scene.getStylesheets().add(getClass().getResource("parley.css").toExternalForm());
        stage.setTitle("Parley");
        stage.setScene(scene);
        stage.show();
        model.checkServer();
    }

    @Override
    public void stop() {
        background.shutdownNow();
    }
}
