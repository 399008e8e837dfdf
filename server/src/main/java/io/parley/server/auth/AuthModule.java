package io.parley.server.auth;

import io.helidon.webserver.http.HttpRouting;
import io.parley.server.org.OrgDirectory;
import io.parley.server.platform.FeatureModule;
import io.parley.server.platform.Platform;

/** Sign-in, sessions, tokens and password resets; the filter that authenticates every request. */
public final class AuthModule implements FeatureModule {
    private final PasswordHasher hasher = PasswordHasher.standard();
    private final RefreshTokens refreshTokens;
    private final SessionIssuer sessions;
    private final Registration registration;
    private final Authenticator authenticator;
    private final AuthService service;

    public AuthModule(Platform platform, OrgDirectory directory) {
        AccessTokens accessTokens = new AccessTokens(platform.config().jwtSecret(), platform.clock());
        refreshTokens = new RefreshTokens(platform.clock());
        sessions = new SessionIssuer(accessTokens, refreshTokens, directory.orgs());
        registration = new Registration(platform.db(), hasher, sessions, directory.orgs(), directory.users(),
                directory.audit(), directory.maintenance());
        authenticator = new Authenticator(accessTokens, platform.db(), directory.users(), directory.apiKeys());
        service = new AuthService(platform.db(), platform.json(), registration, hasher,
                new LoginThrottle(platform.db(), platform.clock()), sessions, refreshTokens,
                new PasswordResets(platform.clock()), new ResetThrottle(platform.db(), platform.clock()),
                directory.orgs(), directory.users(), directory.mail());
    }

    /** The sign-in routes, and the filter that puts the caller's principal in every request's context. */
    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.addFilter(authenticator)
                .register("/api/v1/auth", service);
    }

    public PasswordHasher hasher() {
        return hasher;
    }

    public RefreshTokens refreshTokens() {
        return refreshTokens;
    }

    public SessionIssuer sessions() {
        return sessions;
    }

    public Registration registration() {
        return registration;
    }
}
