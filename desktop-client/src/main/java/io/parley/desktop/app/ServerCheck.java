package io.parley.desktop.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a Parley server whether it is up ({@code GET /health}). Blocking: callers run it off the FX
 * thread. The typed REST/SSE client replaces this with the desktop app issue.
 */
public final class ServerCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A readable one-line answer; never throws for network or server problems. */
    public String check(String serverUrl) {
        URI uri;
        try {
            uri = URI.create(serverUrl.strip().replaceAll("/+$", "") + "/health");
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                return "Enter the server address, e.g. http://localhost:8080";
            }
        } catch (IllegalArgumentException e) {
            return "That is not a valid address: " + serverUrl;
        }
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(res.body());
            String status = body.path("status").asText("unknown");
            return res.statusCode() == 200 && "UP".equals(status)
                    ? "Server is up and its database answers."
                    : "Server answered " + res.statusCode() + " (status " + status + ").";
        } catch (IOException e) {
            return "Cannot reach " + uri.getHost() + ":" + uri.getPort() + " — is the server running?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Check interrupted.";
        }
    }
}
