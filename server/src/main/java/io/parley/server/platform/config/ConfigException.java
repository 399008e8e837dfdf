package io.parley.server.platform.config;

/** A setting is missing its form; the message names the variable and what it expects, in one sentence. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
