package io.parley.server.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.server.inbox.WhatsAppError;

import java.util.List;

/**
 * How Parley talks to one kind of WhatsApp transport. The inbox never knows which one it uses.
 * Calls block; they run on job threads.
 */
public interface ChannelProvider {

    /**
     * Sends a message. {@code message} is in WhatsApp's own shape ({@code type} plus the object named
     * after it, optional {@code context}), without {@code to} and {@code messaging_product}.
     *
     * @return the wamid WhatsApp assigned
     * @throws SendFailure when the message was not accepted
     */
    String send(StoredChannel channel, String to, ObjectNode message, String callbackData);

    /** Marks an inbound message (and those before it) read, which shows blue ticks to the customer. */
    void markRead(StoredChannel channel, String wamid);

    /** Uploads a file for an outbound message; returns the provider's media id to send it with. */
    String uploadMedia(StoredChannel channel, byte[] bytes, String mimeType, String filename);

    /** Downloads an inbound media file. */
    FetchedMedia fetchMedia(StoredChannel channel, String providerMediaId, String url);

    /** Every template of the channel's business account, all pages. */
    List<RemoteTemplate> listTemplates(StoredChannel channel);

    /** A downloaded file. */
    record FetchedMedia(byte[] bytes, String mimeType, String sha256) {
    }

    /** A template as the provider lists it. */
    record RemoteTemplate(String id, String name, String language, String category, String status, JsonNode components) {
    }

    /** The provider refused or could not be reached. */
    final class SendFailure extends RuntimeException {
        private final WhatsAppError error;
        private final boolean retryable;
        private final boolean mayHaveArrived;

        public SendFailure(WhatsAppError error, boolean retryable) {
            this(error, retryable, false);
        }

        private SendFailure(WhatsAppError error, boolean retryable, boolean mayHaveArrived) {
            super(error.code() + ": " + error.title() + (error.detail() == null ? "" : " (" + error.detail() + ")"));
            this.error = error;
            this.retryable = retryable;
            this.mayHaveArrived = mayHaveArrived;
        }

        /** The request went out but no answer came back (connection cut, timeout): Meta may have taken it. */
        public static SendFailure uncertain(WhatsAppError error) {
            return new SendFailure(error, true, true);
        }

        /** True when the provider may have taken the message although the call failed; sending again could duplicate it. */
        public boolean mayHaveArrived() {
            return mayHaveArrived;
        }

        public WhatsAppError error() {
            return error;
        }

        /** True when trying again later may succeed (throughput, network, Meta-side faults). */
        public boolean retryable() {
            return retryable;
        }
    }
}
