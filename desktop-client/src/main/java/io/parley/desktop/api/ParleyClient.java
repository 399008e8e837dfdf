package io.parley.desktop.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.model.channel.Channel;
import io.parley.model.channel.ChannelRequest;
import io.parley.model.channel.SandboxInbound;
import io.parley.model.channel.Template;
import io.parley.model.common.Page;
import io.parley.model.common.Problem;
import io.parley.model.identity.Invitation;
import io.parley.model.identity.InvitationRequest;
import io.parley.model.identity.LoginRequest;
import io.parley.model.identity.Me;
import io.parley.model.identity.RefreshRequest;
import io.parley.model.identity.Role;
import io.parley.model.identity.Session;
import io.parley.model.identity.Team;
import io.parley.model.identity.TeamRequest;
import io.parley.model.identity.User;
import io.parley.model.identity.UserPatch;
import io.parley.model.inbox.CannedResponse;
import io.parley.model.inbox.Conversation;
import io.parley.model.inbox.Message;
import io.parley.model.inbox.MessageRequest;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The typed Parley REST client: plain Java over OkHttp and Jackson, with the shared-model records.
 * Calls block — run them off the FX thread. An expired access token is renewed once with the
 * refresh token and the call retried; errors come back as {@link ApiException} (readable message
 * from the server's problem details), {@link ServerUnreachableException} or
 * {@link SessionExpiredException}.
 */
public final class ParleyClient {
    private static final MediaType JSON = MediaType.get("application/json");

    private final HttpUrl base;
    private final OkHttpClient http;
    private final ObjectMapper mapper;
    private final TokenStore tokens;
    private final Object refreshLock = new Object();

    public ParleyClient(String serverUrl, TokenStore tokens) {
        this(serverUrl, tokens, new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(30))
                .build());
    }

    ParleyClient(String serverUrl, TokenStore tokens, OkHttpClient http) {
        HttpUrl url = HttpUrl.parse(serverUrl == null ? "" : serverUrl.strip());
        if (url == null) {
            throw new IllegalArgumentException("Enter the server address, e.g. http://localhost:8080");
        }
        this.base = url;
        this.http = http;
        this.tokens = tokens;
        this.mapper = mapper();
    }

    public static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public String serverUrl() {
        return base.toString();
    }

    OkHttpClient http() {
        return http;
    }

    public TokenStore tokens() {
        return tokens;
    }

    // --- identity ------------------------------------------------------------------------------

    public Session login(String email, String password) {
        Session session = call("POST", "/api/v1/auth/login", new LoginRequest(email, password), Session.class, false);
        tokens.save(session.accessToken(), session.refreshToken());
        return session;
    }

    /** Renews the pair with the stored refresh token. */
    public Session refresh() {
        String refreshToken = tokens.refreshToken();
        if (refreshToken == null) {
            throw new SessionExpiredException("Sign in to continue.");
        }
        try {
            Session session = call("POST", "/api/v1/auth/refresh", new RefreshRequest(refreshToken), Session.class, false);
            tokens.save(session.accessToken(), session.refreshToken());
            return session;
        } catch (ApiException e) {
            if (e.status() == 401) {
                tokens.clear();
                throw new SessionExpiredException("Your session has ended: " + e.getMessage());
            }
            throw e;
        }
    }

    public void logout() {
        String refreshToken = tokens.refreshToken();
        try {
            if (refreshToken != null) {
                call("POST", "/api/v1/auth/logout", new RefreshRequest(refreshToken), Void.class, false);
            }
        } finally {
            tokens.clear();
        }
    }

    public Me me() {
        return get("/api/v1/auth/me", Me.class);
    }

    public List<User> users() {
        return get("/api/v1/users?limit=200", new TypeReference<Page<User>>() {
        }).items();
    }

    public User updateUser(long id, UserPatch patch) {
        return call("PATCH", "/api/v1/users/" + id, patch, User.class, true);
    }

    public Invitation invite(String email, Role role) {
        return call("POST", "/api/v1/invitations", new InvitationRequest(email, role), Invitation.class, true);
    }

    // --- inbox ---------------------------------------------------------------------------------

    /** One page of the list; {@code query} holds the filters as the API names them (status, assignee, q, ...). */
    public Page<Conversation> conversations(Map<String, String> query, String cursor) {
        HttpUrl.Builder url = base.newBuilder().addPathSegments("api/v1/conversations").addQueryParameter("limit", "200");
        query.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                url.addQueryParameter(k, v);
            }
        });
        if (cursor != null) {
            url.addQueryParameter("cursor", cursor);
        }
        return execute(new Request.Builder().url(url.build()).get(),
                mapper.getTypeFactory().constructType(new TypeReference<Page<Conversation>>() {
                }), true);
    }

    public Map<String, Long> counts() {
        return get("/api/v1/conversations/counts", new TypeReference<Map<String, Long>>() {
        });
    }

    public Conversation conversation(long id) {
        return get("/api/v1/conversations/" + id, Conversation.class);
    }

    public Page<Message> messages(long conversationId, Long before) {
        return get("/api/v1/conversations/" + conversationId + "/messages?limit=100" + (before == null ? "" : "&before=" + before),
                new TypeReference<Page<Message>>() {
                });
    }

    public Message send(long conversationId, MessageRequest request) {
        return call("POST", "/api/v1/conversations/" + conversationId + "/messages", request, Message.class, true);
    }

    /** A message's file (inbound media or an agent's upload), as bytes. */
    public byte[] media(long mediaId) {
        return execute(new Request.Builder().url(url("/api/v1/media/" + mediaId)).get(),
                mapper.getTypeFactory().constructType(byte[].class), true);
    }

    /**
     * Uploads a file to send; the answer names the upload ({@code id}) and the message type WhatsApp
     * will take it as ({@code type}). The server refuses types and sizes WhatsApp does not take.
     */
    public JsonNode upload(Path file, String mimeType) {
        HttpUrl url = url("/api/v1/media").newBuilder()
                .addQueryParameter("filename", file.getFileName().toString()).build();
        RequestBody body = RequestBody.create(file.toFile(), MediaType.get(mimeType));
        return execute(new Request.Builder().url(url).post(body), mapper.getTypeFactory().constructType(JsonNode.class), true);
    }

    public Message note(long conversationId, String text) {
        return call("POST", "/api/v1/conversations/" + conversationId + "/notes", Map.of("text", text), Message.class, true);
    }

    /** PATCH with only the given fields (a null value clears, e.g. {@code assigneeId}). */
    public Conversation updateConversation(long id, Map<String, Object> changes) {
        return call("PATCH", "/api/v1/conversations/" + id, changes, Conversation.class, true);
    }

    public void markRead(long conversationId) {
        call("POST", "/api/v1/conversations/" + conversationId + "/read", null, Void.class, true);
    }

    public JsonNode cannedResponses(String shortcutPrefix, Long conversationId) {
        HttpUrl.Builder url = base.newBuilder().addPathSegments("api/v1/canned-responses");
        if (shortcutPrefix != null) {
            url.addQueryParameter("q", shortcutPrefix);
        }
        if (conversationId != null) {
            url.addQueryParameter("conversationId", Long.toString(conversationId));
        }
        JsonNode answer = execute(new Request.Builder().url(url.build()).get(),
                mapper.getTypeFactory().constructType(JsonNode.class), true);
        return answer.path("items");
    }

    public List<CannedResponse> cannedResponses() {
        return get("/api/v1/canned-responses?limit=200", new TypeReference<Page<CannedResponse>>() {
        }).items();
    }

    public CannedResponse createCannedResponse(String shortcut, String text) {
        return call("POST", "/api/v1/canned-responses", Map.of("shortcut", shortcut, "text", text), CannedResponse.class, true);
    }

    public CannedResponse updateCannedResponse(long id, String shortcut, String text) {
        return call("PATCH", "/api/v1/canned-responses/" + id, Map.of("shortcut", shortcut, "text", text),
                CannedResponse.class, true);
    }

    public void deleteCannedResponse(long id) {
        call("DELETE", "/api/v1/canned-responses/" + id, null, Void.class, true);
    }

    // --- teams ---------------------------------------------------------------------------------

    public List<Team> teams() {
        return get("/api/v1/teams", new TypeReference<Page<Team>>() {
        }).items();
    }

    public Team createTeam(TeamRequest request) {
        return call("POST", "/api/v1/teams", request, Team.class, true);
    }

    public Team updateTeam(long id, TeamRequest request) {
        return call("PATCH", "/api/v1/teams/" + id, request, Team.class, true);
    }

    public void deleteTeam(long id) {
        call("DELETE", "/api/v1/teams/" + id, null, Void.class, true);
    }

    // --- channels, templates, sandbox ----------------------------------------------------------

    public List<Channel> channels() {
        return get("/api/v1/channels", new TypeReference<Page<Channel>>() {
        }).items();
    }

    public Channel createChannel(ChannelRequest request) {
        return call("POST", "/api/v1/channels", request, Channel.class, true);
    }

    public List<Template> templates() {
        return get("/api/v1/templates", new TypeReference<Page<Template>>() {
        }).items();
    }

    public void syncTemplates() {
        call("POST", "/api/v1/templates/sync", null, JsonNode.class, true);
    }

    public Message sandboxInbound(long channelId, String from, String name, String text) {
        return call("POST", "/api/v1/sandbox/" + channelId + "/inbound", new SandboxInbound(from, name, text),
                Message.class, true);
    }

    // --- plumbing ------------------------------------------------------------------------------

    private <T> T get(String path, Class<T> type) {
        return call("GET", path, null, type, true);
    }

    private <T> T get(String path, TypeReference<T> type) {
        return execute(new Request.Builder().url(url(path)).get(), mapper.getTypeFactory().constructType(type), true);
    }

    private <T> T call(String method, String path, Object body, Class<T> type, boolean authenticated) {
        return execute(new Request.Builder().url(url(path)).method(method, body(method, body)),
                mapper.getTypeFactory().constructType(type), authenticated);
    }

    private HttpUrl url(String path) {
        HttpUrl url = HttpUrl.parse(base.toString().replaceAll("/+$", "") + path);
        if (url == null) {
            throw new IllegalArgumentException("Bad path " + path);
        }
        return url;
    }

    private RequestBody body(String method, Object body) {
        if (body == null) {
            return method.equals("GET") ? null : RequestBody.create(new byte[0], JSON);
        }
        try {
            return RequestBody.create(mapper.writeValueAsBytes(body), JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T execute(Request.Builder request, JavaType type, boolean authenticated) {
        Request first = authenticated ? withToken(request, tokens.accessToken()) : request.build();
        try (Response response = http.newCall(first).execute()) {
            if (response.code() == 401 && authenticated && tokens.refreshToken() != null) {
                String used = tokens.accessToken();
                renewIfStill(used);
                try (Response retry = http.newCall(withToken(request, tokens.accessToken())).execute()) {
                    return read(retry, type);
                }
            }
            return read(response, type);
        } catch (IOException e) {
            throw new ServerUnreachableException(base.toString(), e);
        }
    }

    /** Renews once even when several calls find the token expired at the same time. */
    private void renewIfStill(String expiredAccessToken) {
        synchronized (refreshLock) {
            if (expiredAccessToken == null || expiredAccessToken.equals(tokens.accessToken())) {
                refresh();
            }
        }
    }

    private static Request withToken(Request.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private <T> T read(Response response, JavaType type) throws IOException {
        ResponseBody body = response.body();
        byte[] bytes = body == null ? new byte[0] : body.bytes();
        if (!response.isSuccessful()) {
            throw problem(response.code(), bytes);
        }
        if (type.getRawClass() == byte[].class) {
            @SuppressWarnings("unchecked")
            T raw = (T) bytes;
            return raw;
        }
        if (type.getRawClass() == Void.class || bytes.length == 0) {
            return null;
        }
        return mapper.readValue(bytes, type);
    }

    private ApiException problem(int status, byte[] bytes) {
        try {
            Problem problem = mapper.readValue(bytes, Problem.class);
            String message = problem.detail() != null ? problem.detail() : problem.title();
            if (!problem.errors().isEmpty()) {
                message = problem.errors().stream().map(e -> e.field() + " " + e.message())
                        .reduce((a, b) -> a + "; " + b).orElse(message);
            }
            return new ApiException(status, message, problem.errors());
        } catch (IOException e) {
            return new ApiException(status, "The server answered " + status + ".", List.of());
        }
    }
}
