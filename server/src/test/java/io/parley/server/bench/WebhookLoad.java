package io.parley.server.bench;

import io.parley.server.channel.WebhookSignature;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator, in its own process: posts webhooks signed like Meta's, one text message each
 * with a unique wamid, from a pool of customers. Two modes, each printing one JSON line:
 * <ul>
 *   <li>{@code closed <count> <workers>}: as fast as the server acknowledges → messages/s;</li>
 *   <li>{@code open <rate> <seconds>}: a fixed arrival rate, after an unmeasured warm-up at that rate
 *   (this process's own JIT and connections); each latency runs from the moment the
 *   request was due, not when it was sent, so a slow server cannot hide its backlog (no coordinated
 *   omission) → p50/p99 ms.</li>
 *   <li>{@code sse <rate> <seconds> <clients> <token>}: webhook due → event read on each of the
 *   open event streams → p50/p99 ms.</li>
 *   <li>{@code reads <token> <conversationIds,…> <count>}: one agent, one request at a time: the
 *   first page of the inbox, and the latest 50 messages of a conversation → p50/p99 ms of each.</li>
 * </ul>
 * Usage: {@code WebhookLoad <baseUrl> <phoneNumberId> <appSecret> <runId> closed|open|sse ...}
 */
public final class WebhookLoad {
    private static final int CUSTOMERS = 5_000;
    static final Duration REST_WITH_STREAMS = Duration.ofSeconds(8);
    private static final Duration WARM_UP = Duration.ofSeconds(3);

    private final LoopbackHttp http;
    private final URI webhook;
    private final String phoneNumberId;
    private final String appSecret;
    private final String runId;
    private final AtomicLong sequence = new AtomicLong();
    private volatile long sequenceBase;

    private WebhookLoad(String baseUrl, String phoneNumberId, String appSecret, String runId) {
        this.webhook = URI.create(baseUrl + "/webhooks/whatsapp");
        this.http = new LoopbackHttp(webhook);
        this.phoneNumberId = phoneNumberId;
        this.appSecret = appSecret;
        this.runId = runId;
    }

    public static void main(String[] args) throws Exception {
        WebhookLoad load = new WebhookLoad(args[0], args[1], args[2], args[3]);
        String result = switch (args[4]) {
            case "closed" -> load.closed(Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            case "open" -> load.open(Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            case "sse" -> load.sse(Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]), args[8]);
            case "reads" -> load.reads(args[5], args[6], Integer.parseInt(args[7]));
            default -> throw new IllegalArgumentException("mode is closed, open, sse or reads, not " + args[4]);
        };
        System.out.println(result);
        System.out.flush();
        if (args[4].equals("sse")) {
            // The streams stay open, idle, while the benchmark measures the server at rest with them.
            Thread.sleep(REST_WITH_STREAMS.toMillis());
        }
        System.exit(0);
    }

    private String closed(int count, int workers) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long started = System.nanoTime();
        // Platform threads: a virtual one pays a scheduler hand-off at every blocking read, CPU that this
        // 2-core machine would take from the server under test.
        try (var pool = Executors.newFixedThreadPool(workers)) {
            for (int w = 0; w < workers; w++) {
                pool.submit(() -> {
                    while (next.getAndIncrement() < count) {
                        try {
                            if (post() != 200) {
                                failures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return String.format(Locale.ROOT, "{\"messages\":%d,\"seconds\":%.3f,\"messages_per_s\":%.1f,\"failures\":%d}",
                count, seconds, count / seconds, failures.get());
    }

    private String open(int rate, int seconds) throws Exception {
        int warm = warmUp(rate);
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger failures = new AtomicInteger();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int index = i;
                requests.submit(() -> {
                    try {
                        if (post() != 200) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    latencies[index] = System.nanoTime() - due;
                });
            }
        }
        Arrays.sort(latencies);
        return String.format(Locale.ROOT, "{\"rate\":%d,\"messages\":%d,\"posted\":%d,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f,\"failures\":%d}",
                rate, total, warm + total, percentile(latencies, 0.50), percentile(latencies, 0.99), latencies[total - 1] / 1e6,
                failures.get());
    }

    /**
     * Posts at {@code rate} for {@link #WARM_UP} without measuring: this process starts cold, and its
     * first second — its own code interpreted, its connections still being opened — would otherwise
     * be counted as the server's latency. Returns the messages posted.
     */
    private int warmUp(int rate) throws InterruptedException {
        int count = (int) (rate * WARM_UP.toSeconds());
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                long wait = start + i * intervalNanos - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                requests.submit(this::post);
            }
        }
        return count;
    }

    /**
     * {@code clients} event streams stay open while webhooks arrive at {@code rate}/s; every stream's
     * copy of every message counts, from the moment its webhook was due to the moment the event line
     * was read. The streams are left open: the process ends after printing its line.
     */
    private String sse(int rate, int seconds, int clients, String token) throws Exception {
        int total = rate * seconds;
        AtomicLongArray due = new AtomicLongArray(total + 1);
        long[] latencies = new long[total * clients];
        AtomicInteger received = new AtomicInteger();
        AtomicInteger connected = new AtomicInteger();
        URI events = URI.create(webhook.toString().replace("/webhooks/whatsapp", "/api/v1/events"));
        Pattern marker = Pattern.compile("order (\\d+)\\?");
        // Left open on purpose: the streams end with the process, after the result line.
        ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor();
        for (int c = 0; c < clients; c++) {
            streams.submit(() -> {
                http.stream(events.getRawPath(), Map.of("Authorization", "Bearer " + token, "Accept", "text/event-stream"),
                        connected::incrementAndGet, line -> {
                            if (line.startsWith("data:") && line.contains("\"direction\":\"IN\"")) {
                                Matcher m = marker.matcher(line);
                                if (m.find()) {
                                    int n = (int) (Long.parseLong(m.group(1)) - sequenceBase);
                                    if (n > 0 && n <= total && due.get(n) > 0) {
                                        int slot = received.getAndIncrement();
                                        if (slot < latencies.length) {
                                            latencies[slot] = System.nanoTime() - due.get(n);
                                        }
                                    }
                                }
                            }
                        });
                return null;
            });
        }
        while (connected.get() < clients) {
            Thread.sleep(50);
        }
        // Headers arrive before the server's stream loop has read its starting position; let it settle so
        // the first measured webhooks are not counted against a stream that is still starting.
        Thread.sleep(1_000);
        int warm = warmUp(rate);
        sequenceBase = sequence.get();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        for (int i = 1; i <= total; i++) {
            long when = start + (i - 1) * intervalNanos;
            long wait = when - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            due.set(i, when);
            streams.submit(this::post);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.get() < latencies.length && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        int count = Math.min(received.get(), latencies.length);
        long[] measured = Arrays.copyOf(latencies, count);
        Arrays.sort(measured);
        return String.format(Locale.ROOT,
                "{\"clients\":%d,\"rate\":%d,\"posted\":%d,\"expected\":%d,\"received\":%d,\"p50_ms\":%.2f,\"p99_ms\":%.2f}",
                clients, rate, warm + total, latencies.length, count, count == 0 ? -1 : percentile(measured, 0.50),
                count == 0 ? -1 : percentile(measured, 0.99));
    }

    private String reads(String token, String conversationIds, int count) throws IOException {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        String[] ids = conversationIds.split(",");
        long[] list = new long[count];
        long[] open = new long[count];
        for (int i = -count / 5; i < count; i++) {
            // The first fifth warms caches and the JIT, and is not counted.
            long started = System.nanoTime();
            int listed = http.get("/api/v1/conversations", auth);
            long between = System.nanoTime();
            int opened = http.get("/api/v1/conversations/" + ids[Math.floorMod(i, ids.length)] + "/messages?limit=50", auth);
            long ended = System.nanoTime();
            if (listed != 200 || opened != 200) {
                throw new IllegalStateException("reads answered " + listed + " and " + opened);
            }
            if (i >= 0) {
                list[i] = between - started;
                open[i] = ended - between;
            }
        }
        Arrays.sort(list);
        Arrays.sort(open);
        return String.format(Locale.ROOT, "{\"requests\":%d,\"list_p50_ms\":%.2f,\"list_p99_ms\":%.2f,"
                        + "\"open_p50_ms\":%.2f,\"open_p99_ms\":%.2f}", count, percentile(list, 0.5), percentile(list, 0.99),
                percentile(open, 0.5), percentile(open, 0.99));
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** Posts the next webhook; returns the status. */
    private int post() throws IOException {
        long n = sequence.incrementAndGet();
        String waId = Long.toString(4915100000000L + n % CUSTOMERS);
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"bench","changes":[{"field":"messages","value":{\
                "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550100","phone_number_id":"%s"},\
                "contacts":[{"profile":{"name":"Customer %s"},"wa_id":"%s"}],\
                "messages":[{"from":"%s","id":"wamid.bench.%s.%d","timestamp":"%d","type":"text",\
                "text":{"body":"Hello, where is my order %d?"}}]}}]}]}""".formatted(phoneNumberId, waId, waId, waId, runId, n,
                Instant.now().getEpochSecond(), n);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return http.post(webhook.getRawPath(), Map.of("Content-Type", "application/json",
                WebhookSignature.HEADER, WebhookSignature.sign(bytes, appSecret)), bytes);
    }
}
