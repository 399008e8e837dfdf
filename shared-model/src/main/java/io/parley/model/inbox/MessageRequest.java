package io.parley.model.inbox;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an agent sends. {@code type} decides which other fields count:
 * <ul>
 *   <li>{@code text}: {@code text}, optional {@code previewUrl};</li>
 *   <li>{@code template}: {@code template} = {name, language, components};</li>
 *   <li>{@code image|document|audio|video|sticker}: {@code media} = {link | uploadId, caption?, filename?};</li>
 *   <li>{@code interactive}: {@code interactive} as WhatsApp defines it (button or list);</li>
 *   <li>{@code reaction}: {@code reaction} = {messageId, emoji} (empty emoji removes it).</li>
 * </ul>
 * {@code replyToMessageId} quotes an earlier message of the conversation.
 */
public record MessageRequest(String type, String text, Boolean previewUrl, JsonNode template, JsonNode media,
                             JsonNode interactive, JsonNode reaction, Long replyToMessageId) {
}
