package io.parley.server.testing;

import io.parley.server.channel.WebhookSignature;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers webhooks the way Meta does: signed with the app secret, and posted again until the
 * server answers 200 (Meta keeps retrying for days; here the backoff is short and bounded).
 */
public final class MetaDelivery {
    private final Api api;
    private final String appSecret;
    private final Duration giveUpAfter;
    private final AtomicInteger failedAttempts = new AtomicInteger();

    public MetaDelivery(int port, String appSecret, Duration giveUpAfter) {
        this.api = new Api(port);
        this.appSecret = appSecret;
        this.giveUpAfter = giveUpAfter;
    }

    /** One text message from {@code waId} to the business number, as Meta sends it. */
    public static String textMessage(String phoneNumberId, String waId, String wamid, String text) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"880480571844883","changes":[{"field":"messages",\
                "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550100","phone_number_id":"%s"},\
                "contacts":[{"profile":{"name":"Customer %s"},"wa_id":"%s"}],\
                "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]}}]}]}"""
                .formatted(phoneNumberId, waId, waId, waId, wamid, System.currentTimeMillis() / 1000, text);
    }

    /** A delivery status for a message the business sent, with the callback data it was sent with. */
    public static String status(String phoneNumberId, String wamid, String status, String recipient, String callbackData) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"880480571844883","changes":[{"field":"messages",\
                "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550100","phone_number_id":"%s"},\
                "statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"%s","biz_opaque_callback_data":"%s"}]}}]}]}"""
                .formatted(phoneNumberId, wamid, status, System.currentTimeMillis() / 1000, recipient, callbackData);
    }

    /** Posts until 200; throws when the server has not taken it within the give-up time. */
    public void deliver(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("X-Hub-Signature-256", WebhookSignature.sign(bytes, appSecret));
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        long backoffMillis = 50;
        while (true) {
            int status = attempt(body, headers);
            if (status == 200) {
                return;
            }
            if (status >= 400 && status < 500 && status != 429) {
                throw new IllegalStateException("The server refused a valid webhook for good: " + status);
            }
            failedAttempts.incrementAndGet();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The server did not take a webhook within " + giveUpAfter);
            }
            try {
                Thread.sleep(backoffMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            backoffMillis = Math.min(1_000, backoffMillis * 2);
        }
    }

    /** The answer's status, or -1 when nothing answered (server down, connection cut). */
    private int attempt(String body, Map<String, String> headers) {
        try {
            return api.raw("POST", "/webhooks/whatsapp", body, headers).status();
        } catch (RuntimeException unreachable) {
            return -1;
        }
    }

    /** Attempts that did not get a 200 and were retried. */
    public int failedAttempts() {
        return failedAttempts.get();
    }
}
