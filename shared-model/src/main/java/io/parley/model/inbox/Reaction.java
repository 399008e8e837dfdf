package io.parley.model.inbox;

/** An emoji reaction on a message, by the customer (IN) or the business (OUT). */
public record Reaction(String direction, String emoji) {
}
