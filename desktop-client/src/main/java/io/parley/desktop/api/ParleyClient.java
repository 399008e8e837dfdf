package io.parley.desktop.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.model.common.Problem;
import io.parley.model.identity.LoginRequest;
import io.parley.model.identity.Me;
import io.parley.model.identity.RefreshRequest;
import io.parley.model.identity.Session;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Parley HTTP core: plain Java over OkHttp and Jackson, with the shared-model records. It signs
 * in and out and keeps the session; each feature has its own small typed client next to its views
 * ({@code inbox/InboxApi}, {@code admin/AdminApi}, ...) built on the generic calls here.
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

    // --- for the features' own clients ---------------------------------------------------------

    public <T> T get(String path, Class<T> type) {
        return get(path, Map.of(), mapper.getTypeFactory().constructType(type));
    }

    public <T> T get(String path, TypeReference<T> type) {
        return get(path, Map.of(), mapper.getTypeFactory().constructType(type));
    }

    /** GET with query parameters; blank or null values are left out. */
    public <T> T get(String path, Map<String, String> query, TypeReference<T> type) {
        return get(path, query, mapper.getTypeFactory().constructType(type));
    }

    public <T> T post(String path, Object body, Class<T> type) {
        return call("POST", path, body, type, true);
    }

    public <T> T patch(String path, Object body, Class<T> type) {
        return call("PATCH", path, body, type, true);
    }

    public void delete(String path) {
        call("DELETE", path, null, Void.class, true);
    }

    /** A file's bytes as the server sends them. */
    public byte[] bytes(String path) {
        return get(path, Map.of(), mapper.getTypeFactory().constructType(byte[].class));
    }

    /** POSTs a file as the raw body, with its content type. */
    public <T> T upload(String path, Map<String, String> query, Path file, String mimeType, Class<T> type) {
        RequestBody body = RequestBody.create(file.toFile(), MediaType.get(mimeType));
        return execute(new Request.Builder().url(url(path, query)).post(body), mapper.getTypeFactory().constructType(type), true);
    }

    /** POSTs a multipart/form-data form: the file as the part "file", each of {@code jsonParts} as a JSON part. */
    public <T> T postForm(String path, Path file, Map<String, String> jsonParts, Class<T> type) {
        MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
        jsonParts.forEach((name, json) -> form.addFormDataPart(name, null, RequestBody.create(json, JSON)));
        form.addFormDataPart("file", file.getFileName().toString(),
                RequestBody.create(file.toFile(), MediaType.get("application/octet-stream")));
        return execute(new Request.Builder().url(url(path, Map.of())).post(form.build()),
                mapper.getTypeFactory().constructType(type), true);
    }

    /** Streams a GET's body into {@code target} (an export of any size), renewing the session once if needed. */
    public void download(String path, Map<String, String> query, Path target) {
        Request.Builder request = new Request.Builder().url(url(path, query)).get();
        try {
            Response response = http.newCall(withToken(request, tokens.accessToken())).execute();
            if (response.code() == 401 && tokens.refreshToken() != null) {
                String used = tokens.accessToken();
                response.close();
                renewIfStill(used);
                response = http.newCall(withToken(request, tokens.accessToken())).execute();
            }
            try (Response done = response; ResponseBody body = done.body()) {
                if (!done.isSuccessful() || body == null) {
                    throw problem(done.code(), body == null ? new byte[0] : body.bytes());
                }
                try (InputStream in = body.byteStream()) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new ServerUnreachableException(base.toString(), e);
        }
    }

    // --- plumbing ------------------------------------------------------------------------------

    private <T> T get(String path, Map<String, String> query, JavaType type) {
        return execute(new Request.Builder().url(url(path, query)).get(), type, true);
    }

    private <T> T call(String method, String path, Object body, Class<T> type, boolean authenticated) {
        return execute(new Request.Builder().url(url(path, Map.of())).method(method, body(method, body)),
                mapper.getTypeFactory().constructType(type), authenticated);
    }

    private HttpUrl url(String path, Map<String, String> query) {
        HttpUrl url = HttpUrl.parse(base.toString().replaceAll("/+$", "") + path);
        if (url == null) {
            throw new IllegalArgumentException("Bad path " + path);
        }
        HttpUrl.Builder withQuery = url.newBuilder();
        query.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                withQuery.addQueryParameter(name, value);
            }
        });
        return withQuery.build();
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
            return new ApiException(status, message, problem.errors(), problem.existingId());
        } catch (IOException e) {
            return new ApiException(status, "The server answered " + status + ".", List.of());
        }
    }
}
