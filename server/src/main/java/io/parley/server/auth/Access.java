package io.parley.server.auth;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.parley.model.identity.Role;
import io.parley.server.platform.error.ForbiddenException;
import io.parley.server.platform.error.UnauthorizedException;

/**
 * Who may call a route, declared where the route is registered:
 * {@code rules.post("/", Access.atLeast(Role.ADMIN, this::create))}.
 */
public final class Access {
    private Access() {
    }

    /** Any signed-in member of an organisation (or API key). */
    public static Handler member(Handler handler) {
        return atLeast(Role.AGENT, handler);
    }

    public static Handler atLeast(Role minimum, Handler handler) {
        return (req, res) -> {
            Principal principal = principal(req);
            if (!principal.role().atLeast(minimum)) {
                throw new ForbiddenException("This needs the " + minimum + " role or higher; you are " + principal.role() + ".");
            }
            handler.handle(req, res);
        };
    }

    /** Routes that need no credentials (sign-in, registration, token exchange). */
    public static Handler anyone(Handler handler) {
        return handler;
    }

    public static Principal principal(ServerRequest req) {
        return req.context().get(Principal.class)
                .orElseThrow(() -> new UnauthorizedException("Sign in first: send Authorization: Bearer <access token>."));
    }
}
