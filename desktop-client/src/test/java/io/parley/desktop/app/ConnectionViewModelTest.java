package io.parley.desktop.app;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionViewModelTest {
    private HttpServer server;
    private volatile int status = 200;
    private volatile String body = "{\"status\":\"UP\"}";

    @BeforeEach
    void startFakeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopFakeServer() {
        server.stop(0);
    }

    @Test
    void reportsAHealthyServer() {
        ConnectionViewModel model = model("http://127.0.0.1:" + server.getAddress().getPort() + "/");

        model.checkServer();

        assertThat(model.statusProperty().get()).isEqualTo("Server is up and its database answers.");
        assertThat(model.busyProperty().get()).isFalse();
    }

    @Test
    void reportsAServerWhoseDatabaseIsDown() {
        status = 503;
        body = "{\"status\":\"DOWN\"}";
        ConnectionViewModel model = model("http://127.0.0.1:" + server.getAddress().getPort());

        model.checkServer();

        assertThat(model.statusProperty().get()).isEqualTo("Server answered 503 (status DOWN).");
    }

    @Test
    void explainsUnreachableAndInvalidAddresses() {
        int closedPort = server.getAddress().getPort();
        server.stop(0);
        ConnectionViewModel unreachable = model("http://127.0.0.1:" + closedPort);
        ConnectionViewModel invalid = model("localhost:8080");

        unreachable.checkServer();
        invalid.checkServer();

        assertThat(unreachable.statusProperty().get()).contains("Cannot reach 127.0.0.1:" + closedPort);
        assertThat(invalid.statusProperty().get()).startsWith("Enter the server address");
    }

    private static ConnectionViewModel model(String url) {
        return new ConnectionViewModel(url, new ServerCheck(), Runnable::run, Runnable::run);
    }
}
