package io.parley.server.platform.http;

import io.helidon.webserver.http.ServerRequest;
import io.parley.model.common.Page;
import io.parley.server.platform.error.ValidationException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * {@code ?limit=} (default 50, max 200) and {@code ?cursor=} for keyset pagination by id. The cursor
 * is opaque to clients; it holds the last id of the previous page.
 *
 * @param after only rows beyond this id (in the list's order); null for the first page
 */
public record Paging(int limit, Long after) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public static Paging from(ServerRequest req) {
        Long after = req.query().first("cursor").map(Paging::decode).orElse(null);
        return new Paging(limit(req), after);
    }

    /** Just {@code ?limit=}, for lists whose cursor is not an id. */
    public static int limit(ServerRequest req) {
        int limit = DEFAULT_LIMIT;
        var limitParam = req.query().first("limit");
        if (limitParam.isPresent()) {
            try {
                limit = Integer.parseInt(limitParam.get());
            } catch (NumberFormatException e) {
                throw ValidationException.of("limit", "must be a number between 1 and " + MAX_LIMIT);
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ValidationException.of("limit", "must be between 1 and " + MAX_LIMIT);
            }
        }
        return limit;
    }

    /** Rows to fetch: one more than the page, to know whether another page follows. */
    public int fetchSize() {
        return limit + 1;
    }

    public <T> Page<T> page(List<T> fetched, ToLongFunction<T> id) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new Page<>(items, encode(id.applyAsLong(items.getLast())));
    }

    private static String encode(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("id:" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static Long decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith("id:")) {
                return Long.parseLong(raw.substring(3));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the validation error below
        }
        throw ValidationException.of("cursor", "is not a cursor this list returned");
    }
}
