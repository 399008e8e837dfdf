package io.parley.server.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.server.inbox.WhatsAppError;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The WhatsApp Cloud API over Meta's Graph API ({@code graphBaseUrl}, pinned version). Errors are
 * judged by Meta's error code, not the HTTP status (Meta answers 400 and 403 for throttling too).
 */
public final class CloudApiProvider implements ChannelProvider {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** WhatsApp's limit for inbound files; anything larger is refused before it is buffered. */
    static final long MAX_MEDIA_BYTES = 100L * 1024 * 1024;

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final ChannelSecrets secrets;

    public CloudApiProvider(ObjectMapper mapper, ChannelSecrets secrets) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.mapper = mapper;
        this.secrets = secrets;
    }

    @Override
    public String send(StoredChannel channel, String to, ObjectNode message, String callbackData) {
        ObjectNode body = mapper.createObjectNode()
                .put("messaging_product", "whatsapp")
                .put("recipient_type", "individual")
                .put("to", to);
        body.setAll(message);
        if (callbackData != null) {
            body.put("biz_opaque_callback_data", callbackData);
        }
        JsonNode answer = call(channel, post(channel, channel.phoneNumberId() + "/messages", body));
        String wamid = answer.path("messages").path(0).path("id").asText(null);
        if (wamid == null) {
            throw new SendFailure(WhatsAppError.of(131000, "No message id in Meta's answer", answer.toString()), true);
        }
        return wamid;
    }

    @Override
    public void markRead(StoredChannel channel, String wamid) {
        ObjectNode body = mapper.createObjectNode()
                .put("messaging_product", "whatsapp")
                .put("status", "read")
                .put("message_id", wamid);
        call(channel, post(channel, channel.phoneNumberId() + "/messages", body));
    }

    @Override
    public String uploadMedia(StoredChannel channel, byte[] bytes, String mimeType, String filename) {
        String boundary = "parley-" + UUID.randomUUID();
        String name = filename == null ? "file" : filename.replace("\"", "");
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\n" + mimeType + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: " + mimeType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri(channel, channel.phoneNumberId() + "/media"))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + secrets.accessToken(channel))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofByteArray(bytes), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        String id = call(channel, request).path("id").asText(null);
        if (id == null) {
            throw new SendFailure(WhatsAppError.of(131053, "Meta gave no media id for the upload", null), true);
        }
        return id;
    }

    @Override
    public FetchedMedia fetchMedia(StoredChannel channel, String providerMediaId, String url) {
        JsonNode info = call(channel, get(channel, URLEncoder.encode(providerMediaId, StandardCharsets.UTF_8)));
        long size = info.path("file_size").asLong(0);
        if (size > MAX_MEDIA_BYTES) {
            throw new SendFailure(WhatsAppError.of(131052, "File too large", size + " bytes"), false);
        }
        String downloadUrl = info.path("url").asText(url);
        if (downloadUrl == null) {
            throw new SendFailure(WhatsAppError.of(131053, "Meta gave no download URL", info.toString()), true);
        }
        // The lookaside URL needs the same bearer token as the Graph API.
        HttpRequest download = HttpRequest.newBuilder(URI.create(downloadUrl)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + secrets.accessToken(channel)).GET().build();
        try {
            HttpResponse<byte[]> res = http.send(download, HttpResponse.BodyHandlers.ofByteArray());
            if (res.statusCode() / 100 != 2) {
                throw new SendFailure(WhatsAppError.of(131053, "Media download answered " + res.statusCode(), null),
                        res.statusCode() >= 500 || res.statusCode() == 404);
            }
            String mime = res.headers().firstValue("Content-Type").orElse(info.path("mime_type").asText(null));
            return new FetchedMedia(res.body(), mime, sha256(res.body()));
        } catch (IOException e) {
            throw new SendFailure(WhatsAppError.of(131000, "Media download failed", e.getMessage()), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SendFailure(WhatsAppError.of(131000, "Interrupted", null), true);
        }
    }

    @Override
    public List<RemoteTemplate> listTemplates(StoredChannel channel) {
        List<RemoteTemplate> templates = new ArrayList<>();
        String next = channel.wabaId() + "/message_templates?limit=100";
        HttpRequest request = get(channel, next);
        while (request != null) {
            JsonNode page = call(channel, request);
            for (JsonNode t : page.path("data")) {
                templates.add(new RemoteTemplate(t.path("id").asText(null), t.path("name").asText(),
                        t.path("language").asText(), t.path("category").asText(null), t.path("status").asText("PENDING"),
                        t.path("components")));
            }
            String nextUrl = page.path("paging").path("next").asText(null);
            request = nextUrl == null ? null : HttpRequest.newBuilder(URI.create(nextUrl)).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + secrets.accessToken(channel)).GET().build();
        }
        return templates;
    }

    private HttpRequest post(StoredChannel channel, String path, JsonNode body) {
        return HttpRequest.newBuilder(uri(channel, path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + secrets.accessToken(channel))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private HttpRequest get(StoredChannel channel, String path) {
        return HttpRequest.newBuilder(uri(channel, path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + secrets.accessToken(channel)).GET().build();
    }

    private static URI uri(StoredChannel channel, String path) {
        String base = channel.graphBaseUrl() == null ? ChannelService.DEFAULT_GRAPH_BASE_URL : channel.graphBaseUrl();
        return URI.create(base + "/" + path);
    }

    private JsonNode call(StoredChannel channel, HttpRequest request) {
        HttpResponse<String> res;
        try {
            res = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new SendFailure(WhatsAppError.of(131000, "Meta's API could not be reached", e.getMessage()), true);
        } catch (IOException e) {
            // Connected, and then no answer: the request may have been taken.
            throw SendFailure.uncertain(WhatsAppError.of(131000, "Network error talking to Meta's API", e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SendFailure(WhatsAppError.of(131000, "Interrupted", null), true);
        }
        JsonNode body;
        try {
            body = mapper.readTree(res.body());
        } catch (IOException e) {
            body = mapper.createObjectNode();
        }
        if (res.statusCode() / 100 == 2 && !body.has("error")) {
            return body;
        }
        JsonNode error = body.path("error");
        WhatsAppError whatsAppError = error.isObject()
                ? WhatsAppError.of(error.path("code").asInt(131000), error.path("message").asText(null),
                error.path("error_data").path("details").asText(null))
                : WhatsAppError.of(res.statusCode() >= 500 ? 131000 : 131009,
                "Meta's API answered HTTP " + res.statusCode(), res.body().length() > 300 ? res.body().substring(0, 300) : res.body());
        throw new SendFailure(whatsAppError, whatsAppError.retryable() || res.statusCode() >= 500);
    }

    private static String sha256(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
