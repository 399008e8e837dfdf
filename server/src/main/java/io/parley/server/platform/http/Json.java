package io.parley.server.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.server.platform.error.BadRequestException;
import io.parley.server.platform.error.PayloadTooLargeException;
import io.parley.server.platform.error.ValidationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * JSON in and out of handlers. One shared {@link ObjectMapper}; request bodies are read with a size
 * cap so that a large body is refused before it is buffered whole.
 */
public final class Json {
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final ObjectMapper mapper;

    public Json() {
        this.mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Reads the body as {@code type}; a missing, oversized or malformed body is a 400/413 problem. */
    public <T> T read(ServerRequest req, Class<T> type) {
        byte[] body = readBody(req, MAX_BODY_BYTES);
        if (body.length == 0) {
            throw new BadRequestException("A JSON request body is required.");
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw new BadRequestException("A JSON object is required, not null.");
            }
            return value;
        } catch (InvalidFormatException e) {
            throw ValidationException.of(path(e), "has an invalid value: " + e.getValue());
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw field.isEmpty()
                    ? new BadRequestException("The body must be a JSON object.")
                    : ValidationException.of(field, "has the wrong type");
        } catch (JsonProcessingException e) {
            throw new BadRequestException("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the raw body, refusing more than {@code limit} bytes with 413. */
    public static byte[] readBody(ServerRequest req, int limit) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        if (req.headers().contentLength().orElse(0) > limit) {
            throw new PayloadTooLargeException("The request body is larger than " + limit + " bytes.");
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new PayloadTooLargeException("The request body is larger than " + limit + " bytes.");
            }
            return bytes;
        } catch (IOException e) {
            throw new BadRequestException("The request body could not be read.");
        }
    }

    public JsonNode tree(byte[] bytes) throws IOException {
        return mapper.readTree(bytes);
    }

    public byte[] bytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getName(), e);
        }
    }

    public void send(ServerResponse res, Status status, Object body) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(bytes(body));
    }

    public void send(ServerResponse res, Object body) {
        send(res, Status.OK_200, body);
    }

    public static void noContent(ServerResponse res) {
        res.status(Status.NO_CONTENT_204);
        res.header(HeaderNames.CONTENT_LENGTH, "0");
        res.send();
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
