package io.parley.server.platform.config;

import io.helidon.config.Config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the {@code parley} node's values as text and checks each one, so that a wrong value stops
 * the server with a sentence naming its environment variable instead of a parser's stack trace.
 * Blank values count as unset.
 */
final class Settings {
    private final Config node;

    Settings(Config node) {
        this.node = node;
    }

    Optional<String> text(String key) {
        return node.get(key).asString().asOptional().map(String::strip).filter(v -> !v.isEmpty());
    }

    Optional<Integer> integer(String key, int min, int max) {
        return text(key).map(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException notANumber) {
                // reported below, with the range
            }
            throw invalid(key, v, "a whole number from " + min + " to " + max);
        });
    }

    Optional<Boolean> bool(String key) {
        return text(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw invalid(key, v, "true or false");
        });
    }

    Optional<String> oneOf(String key, String... allowed) {
        return text(key).map(v -> {
            for (String a : allowed) {
                if (a.equalsIgnoreCase(v)) {
                    return a;
                }
            }
            throw invalid(key, v, "one of " + String.join(", ", allowed));
        });
    }

    Optional<Path> path(String key) {
        return text(key).map(v -> {
            try {
                return Path.of(v).toAbsolutePath();
            } catch (InvalidPathException e) {
                throw invalid(key, v, "a folder path");
            }
        });
    }

    /** A base64 key of {@code minBytes}–{@code maxBytes} bytes; its value is never repeated in the message. */
    Optional<String> key(String key, int minBytes, int maxBytes) {
        return text(key).map(v -> {
            String problem = keyProblem(v, minBytes, maxBytes);
            if (problem != null) {
                throw new ConfigException(variable(key) + " must be " + expectedKey(minBytes, maxBytes) + " (" + problem
                        + "); generate one with: openssl rand -base64 " + minBytes);
            }
            return v;
        });
    }

    /** Why {@code base64} is not a key of the given size, or null if it is one. */
    static String keyProblem(String base64, int minBytes, int maxBytes) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            return "it is not valid base64";
        }
        if (raw.length < minBytes || raw.length > maxBytes) {
            return "it decodes to " + raw.length + " bytes";
        }
        return null;
    }

    static String expectedKey(int minBytes, int maxBytes) {
        return minBytes == maxBytes ? "a base64-encoded key of exactly " + minBytes + " bytes"
                : "a base64-encoded key of at least " + minBytes + " bytes";
    }

    ConfigException invalid(String key, String value, String expected) {
        return new ConfigException(variable(key) + " is \"" + value + "\" but must be " + expected + ".");
    }

    /** The environment variable that sets {@code key}: parley.db.url ⇔ PARLEY_DB_URL. */
    static String variable(String key) {
        return "PARLEY_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
