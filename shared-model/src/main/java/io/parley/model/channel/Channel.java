package io.parley.model.channel;

import java.time.Instant;

/**
 * A WhatsApp number connected to an organisation. Secrets are write-only: the API says whether
 * each is set, never what it is.
 *
 * @param webhookUrlPath where Meta must deliver this number's webhooks (append to the public server URL)
 * @param teamId         the team whose agents this number's conversations are auto-assigned to
 */
public record Channel(long id, String name, Provider provider, String phoneNumberId, String wabaId,
                      String displayPhoneNumber, String graphBaseUrl, int messagesPerSecond,
                      boolean accessTokenSet, boolean appSecretSet, boolean verifyTokenSet,
                      String webhookUrlPath, Long teamId, Instant createdAt) {
}
