package io.parley.desktop.bench;

import io.parley.desktop.api.TokenStore;
import io.parley.desktop.app.FxUiExecutor;
import io.parley.desktop.app.LaunchOptions;
import io.parley.desktop.app.MainWindow;
import io.parley.desktop.app.Settings;
import io.parley.desktop.inbox.InboxViewModel;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.ListView;
import javafx.stage.Stage;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The app under measurement, in its own JVM: signs in to the benchmark server as the demo owner,
 * scrolls the conversation list to the end until every conversation is loaded, then prints the
 * time from JVM start to the first page and to the whole list, and heap and RSS after a full GC.
 */
public final class InboxStartupProbe {
    private static final long TIMEOUT_MS = 300_000;

    private InboxStartupProbe() {
    }

    /** A main outside the Application class, so that JavaFX may come from the class path here. */
    public static void main(String[] args) {
        Application.launch(App.class, args);
    }

    public static final class App extends Application {
        private MainWindow window;
        private FxUiExecutor ui;

        @Override
        public void start(Stage stage) throws IOException {
            String server = getParameters().getRaw().get(0);
            int expected = Integer.parseInt(getParameters().getRaw().get(1));
            long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
            ui = new FxUiExecutor();
            window = new MainWindow(stage, new Settings(Files.createTempDirectory("parley-bench-app")), TokenStore.inMemory(),
                    ui, Clock.systemDefaultZone(), new LaunchOptions(server, true), uri -> { });
            window.show();
            new AnimationTimer() {
                private long firstPage = -1;

                @Override
                public void handle(long now) {
                    long elapsed = System.currentTimeMillis() - jvmStart;
                    if (elapsed > TIMEOUT_MS) {
                        System.err.println("The inbox did not load " + expected + " conversations within 5 minutes.");
                        System.exit(1);
                    }
                    InboxViewModel inbox = window.inbox();
                    if (inbox == null || inbox.conversations().isEmpty()) {
                        return;
                    }
                    if (firstPage < 0) {
                        firstPage = elapsed;
                        System.out.printf("JVM start → first page of the inbox on screen: %,d ms%n", firstPage);
                    }
                    ListView<?> list = (ListView<?>) stage.getScene().lookup("#conversations");
                    if (inbox.conversations().size() < expected || inbox.hasMore()) {
                        // What an agent holding End does: each scroll shows the last rows, which ask for the next page.
                        list.scrollTo(list.getItems().size() - 1);
                        return;
                    }
                    stop();
                    System.out.printf("JVM start → all %,d conversations loaded: %,d ms%n", inbox.conversations().size(), elapsed);
                    report();
                }
            }.start();
        }

        private void report() {
            Thread.ofPlatform().start(() -> {
                System.gc();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.printf("heap used after full GC: %,d MiB%n", heap / (1024 * 1024));
                System.out.println("resident set size: " + residentSetSize());
                // The event stream's threads would keep the JVM alive; the measurement is over.
                Platform.runLater(() -> {
                    stop();
                    System.exit(0);
                });
            });
        }

        private static String residentSetSize() {
            try {
                return Files.readAllLines(Path.of("/proc/self/status")).stream()
                        .filter(line -> line.startsWith("VmRSS:"))
                        .map(line -> String.format("%,d MiB", Long.parseLong(line.replaceAll("\\D", "")) / 1024))
                        .findFirst().orElse("n/a");
            } catch (IOException notLinux) {
                return "n/a (no /proc here)";
            }
        }

        @Override
        public void stop() {
            window.close();
            ui.close();
        }
    }
}
