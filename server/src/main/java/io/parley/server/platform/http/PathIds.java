package io.parley.server.platform.http;

import io.helidon.webserver.http.ServerRequest;
import io.parley.server.platform.error.NotFoundException;

/** Path ids. An id that is not a number names nothing, so it is a 404 like any unknown id. */
public final class PathIds {
    private PathIds() {
    }

    public static long id(ServerRequest req, String name, String what) {
        String raw = req.path().pathParameters().get(name);
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // an id that cannot exist
        }
        throw new NotFoundException("No " + what + " with id " + raw + ".");
    }
}
