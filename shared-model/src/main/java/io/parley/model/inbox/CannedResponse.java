package io.parley.model.inbox;

/**
 * A saved answer agents insert with {@code /shortcut}; {@code text} may hold {@code {{contact.name}}}-style
 * variables, and {@code rendered} is the text filled in for a conversation when one was asked for.
 */
public record CannedResponse(long id, String shortcut, String text, String rendered) {
}
