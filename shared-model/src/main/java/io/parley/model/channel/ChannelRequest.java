package io.parley.model.channel;

/** Create or update a channel; on update, null fields stay as they are. */
public record ChannelRequest(String name, Provider provider, String phoneNumberId, String wabaId,
                             String displayPhoneNumber, String accessToken, String appSecret, String verifyToken,
                             String graphBaseUrl, Integer messagesPerSecond, Long teamId) {
}
