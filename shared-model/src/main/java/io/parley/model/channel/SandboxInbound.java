package io.parley.model.channel;

/** A simulated customer writes to a sandbox channel. {@code from} is their phone number. */
public record SandboxInbound(String from, String name, String text) {
}
