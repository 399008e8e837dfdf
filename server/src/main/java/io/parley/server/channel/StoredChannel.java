package io.parley.server.channel;

import io.parley.model.channel.Channel;
import io.parley.model.channel.Provider;

import java.time.Instant;

/** A channel row as the server holds it: secrets still sealed. */
public record StoredChannel(long orgId, long id, String name, Provider provider, String phoneNumberId, String wabaId,
                            String displayPhoneNumber, String accessTokenSealed, String appSecretSealed,
                            String verifyTokenSealed, String verifyTokenHash, String graphBaseUrl, int messagesPerSecond, Long teamId,
                            Instant createdAt) {

    public static final String WEBHOOK_PATH = "/webhooks/whatsapp";

    public Channel view() {
        return new Channel(id, name, provider, phoneNumberId, wabaId, displayPhoneNumber,
                provider == Provider.CLOUD ? graphBaseUrl : null, messagesPerSecond,
                accessTokenSealed != null, appSecretSealed != null, verifyTokenSealed != null,
                provider == Provider.CLOUD ? WEBHOOK_PATH : null, teamId, createdAt);
    }

    /** The associated-data label that binds a sealed secret to this channel and field. */
    String secretContext(String field) {
        return "channel:" + orgId + ":" + id + ":" + field;
    }
}
