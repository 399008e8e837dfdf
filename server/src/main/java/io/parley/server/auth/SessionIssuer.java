package io.parley.server.auth;

import io.parley.model.identity.Org;
import io.parley.model.identity.Session;
import io.parley.model.identity.User;
import io.parley.server.org.OrgRepository;
import io.parley.server.platform.db.Tx;

import java.util.UUID;

/** Issues the access + refresh token pair that register, login, refresh and invitation acceptance answer with. */
public final class SessionIssuer {
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final OrgRepository orgs;

    public SessionIssuer(AccessTokens accessTokens, RefreshTokens refreshTokens, OrgRepository orgs) {
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.orgs = orgs;
    }

    /** In a transaction bound to the user's org; {@code family} null starts a new sign-in. */
    public Session issue(Tx tx, User user, UUID family) {
        Org org = orgs.current(tx).orElseThrow();
        String refresh = refreshTokens.issue(tx, user.id(), family);
        return new Session(accessTokens.issue(org.id(), user.id(), user.role()), refresh, user, org);
    }
}
