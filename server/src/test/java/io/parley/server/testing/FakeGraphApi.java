package io.parley.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meta's Graph API as far as Parley uses it, on loopback: sends (recorded, answered with a wamid,
 * throughput enforced per phone number with error 130429 like Meta), read receipts, media lookup and
 * authenticated download, and paged template lists. Tests can queue error answers.
 */
public final class FakeGraphApi implements AutoCloseable {
    public static final String VERSION = "v23.0";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final AtomicInteger wamids = new AtomicInteger();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Deque<Long>> arrivals = new ConcurrentHashMap<>();
    private final Deque<Map.Entry<Integer, Integer>> scriptedErrors = new ArrayDeque<>();
    private final Map<String, byte[]> media = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttled = new ConcurrentHashMap<>();
    private final List<byte[]> uploads = Collections.synchronizedList(new ArrayList<>());
    private volatile int messagesPerSecond = 80;
    private volatile String expectedToken = "EAAG-test";
    private volatile Duration sendLatency = Duration.ZERO;
    private volatile MetaDelivery statusWebhooks;
    private volatile String statusPhoneNumberId;
    private final AtomicInteger statusesDelivered = new AtomicInteger();
    private final AtomicInteger cutAnswers = new AtomicInteger();
    private final List<Request> accepted = Collections.synchronizedList(new ArrayList<>());

    /** One call Parley made. */
    public record Request(String method, String path, String authorization, JsonNode body, long atNanos) {
    }

    public FakeGraphApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + VERSION;
    }

    /**
     * From now on, like Meta: every message taken is reported "sent" by a signed webhook to the server
     * on {@code port}, with the callback data it was sent with, posted again until the server answers 200.
     */
    public void reportStatusesTo(int port, String appSecret, String phoneNumberId) {
        this.statusPhoneNumberId = phoneNumberId;
        this.statusWebhooks = new MetaDelivery(port, appSecret, Duration.ofMinutes(2));
    }

    /** Stops the status webhooks started by {@link #reportStatusesTo}. */
    public void stopReportingStatuses() {
        this.statusWebhooks = null;
    }

    /**
     * The next {@code count} sends are taken (recorded, given a wamid, reported by status webhook when
     * that is on) but the connection is cut before the answer: the caller cannot know they arrived.
     */
    public void cutAnswerToNext(int count) {
        cutAnswers.set(count);
    }

    /** Status webhooks the server has answered 200. */
    public int statusesDelivered() {
        return statusesDelivered.get();
    }

    /** Each send is answered this much later, as a distant API would: more sends are in flight at once. */
    public void sendLatency(Duration latency) {
        this.sendLatency = latency;
    }

    public void messagesPerSecond(int limit) {
        this.messagesPerSecond = limit;
    }

    /** The next {@code count} sends answer with Meta error {@code code} and HTTP {@code httpStatus}. */
    public synchronized void failNext(int code, int httpStatus, int count) {
        for (int i = 0; i < count; i++) {
            scriptedErrors.add(Map.entry(code, httpStatus));
        }
    }

    public void serveMedia(String mediaId, byte[] bytes) {
        media.put(mediaId, bytes);
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<Request> sends() {
        return requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/messages")
                && !"read".equals(r.body().path("status").asText())).toList();
    }

    /** Sends taken and answered with a wamid (or taken with the answer cut): what reached the customer. */
    public List<Request> accepted() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    public List<Request> readReceipts() {
        return requests().stream().filter(r -> "read".equals(r.body().path("status").asText())).toList();
    }

    /** Raw multipart bodies of media uploads, in order. */
    public List<byte[]> uploads() {
        synchronized (uploads) {
            return List.copyOf(uploads);
        }
    }

    /** How many sends were refused with 130429 because Parley went over the limit. */
    public int throttledCount() {
        return throttled.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** How many sends from one phone number were refused with 130429. */
    public int throttledCount(String phoneNumberId) {
        AtomicInteger count = throttled.get(phoneNumberId);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
            JsonNode body = raw.length == 0 || !contentType.startsWith("application/json") ? MAPPER.nullNode()
                    : MAPPER.readTree(raw);
            if (contentType.startsWith("multipart/form-data")) {
                uploads.add(raw);
            }
            Request request = new Request(method, path + (exchange.getRequestURI().getQuery() == null ? ""
                    : "?" + exchange.getRequestURI().getQuery()), auth, body, System.nanoTime());
            requests.add(request);
            if (!("Bearer " + expectedToken).equals(auth)) {
                error(exchange, 401, 190, "Error validating access token");
                return;
            }
            if (path.startsWith("/download/")) {
                byte[] file = media.get(path.substring("/download/".length()));
                if (file == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
                exchange.sendResponseHeaders(200, file.length);
                exchange.getResponseBody().write(file);
                return;
            }
            String[] parts = path.substring(("/" + VERSION + "/").length()).split("/");
            if (method.equals("POST") && parts.length == 2 && parts[1].equals("media")) {
                json(exchange, 200, MAPPER.createObjectNode().put("id", "fake-media-" + uploads.size()));
            } else if (method.equals("POST") && parts.length == 2 && parts[1].equals("messages")) {
                message(exchange, parts[0], body, request);
            } else if (method.equals("GET") && parts.length == 2 && parts[1].equals("message_templates")) {
                templates(exchange, exchange.getRequestURI().getQuery());
            } else if (method.equals("GET") && parts.length == 1 && media.containsKey(parts[0])) {
                byte[] file = media.get(parts[0]);
                json(exchange, 200, MAPPER.createObjectNode()
                        .put("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/download/" + parts[0])
                        .put("mime_type", "image/jpeg").put("sha256", "abc").put("file_size", file.length)
                        .put("id", parts[0]).put("messaging_product", "whatsapp"));
            } else {
                error(exchange, 400, 100, "(#100) Unsupported request");
            }
        }
    }

    private void message(HttpExchange exchange, String phone, JsonNode body, Request request) throws IOException {
        if ("read".equals(body.path("status").asText())) {
            json(exchange, 200, MAPPER.createObjectNode().put("success", true));
            return;
        }
        Map.Entry<Integer, Integer> scripted;
        synchronized (this) {
            scripted = scriptedErrors.poll();
        }
        if (scripted != null) {
            error(exchange, scripted.getValue(), scripted.getKey(), "Scripted error " + scripted.getKey());
            return;
        }
        long now = System.nanoTime();
        Deque<Long> window = arrivals.computeIfAbsent(phone, p -> new ArrayDeque<>());
        synchronized (window) {
            while (!window.isEmpty() && now - window.peekFirst() >= 1_000_000_000L) {
                window.pollFirst();
            }
            if (window.size() >= messagesPerSecond) {
                throttled.computeIfAbsent(phone, p -> new AtomicInteger()).incrementAndGet();
                error(exchange, 400, 130429, "(#130429) Rate limit hit");
                return;
            }
            window.addLast(now);
        }
        String to = body.path("to").asText();
        if (sendLatency.isPositive()) {
            try {
                Thread.sleep(sendLatency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        var answer = MAPPER.createObjectNode().put("messaging_product", "whatsapp");
        answer.putArray("contacts").add(MAPPER.createObjectNode().put("input", to).put("wa_id", to));
        String wamid = "wamid.fake." + wamids.incrementAndGet();
        accepted.add(request);
        answer.putArray("messages").add(MAPPER.createObjectNode().put("id", wamid));
        // A cut answer: the exchange is closed unanswered, which drops the connection — taken, yet unheard of.
        boolean cut = cutAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        if (!cut) {
            json(exchange, 200, answer);
        }
        MetaDelivery reporter = statusWebhooks;
        if (reporter != null) {
            String status = MetaDelivery.status(statusPhoneNumberId, wamid, "sent", to, body.path("biz_opaque_callback_data").asText());
            Thread.ofVirtual().start(() -> {
                reporter.deliver(status);
                statusesDelivered.incrementAndGet();
            });
        }
    }

    private void templates(HttpExchange exchange, String query) throws IOException {
        boolean second = query != null && query.contains("after=PAGE2");
        var page = MAPPER.createObjectNode();
        var data = page.putArray("data");
        if (!second) {
            data.add(template("order_update", "en_US", "UTILITY", "APPROVED", "Hi {{1}}, order {{2}} has shipped."));
            data.add(template("order_update", "de", "UTILITY", "APPROVED", "Hallo {{1}}, Bestellung {{2}} ist unterwegs."));
            page.putObject("paging").put("next", baseUrl() + "/waba/message_templates?limit=2&after=PAGE2");
        } else {
            data.add(template("spring_sale", "en_US", "MARKETING", "REJECTED", "Sale!"));
        }
        json(exchange, 200, page);
    }

    private static JsonNode template(String name, String language, String category, String status, String text) {
        var t = MAPPER.createObjectNode().put("id", name + "-" + language).put("name", name).put("language", language)
                .put("category", category).put("status", status);
        t.putArray("components").add(MAPPER.createObjectNode().put("type", "BODY").put("text", text));
        return t;
    }

    private static void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        var body = MAPPER.createObjectNode();
        body.putObject("error").put("message", message).put("type", "OAuthException").put("code", code)
                .put("fbtrace_id", "Atrace").putObject("error_data").put("messaging_product", "whatsapp")
                .put("details", message);
        json(exchange, status, body);
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
