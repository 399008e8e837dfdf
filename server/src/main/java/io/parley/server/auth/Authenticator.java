package io.parley.server.auth;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.parley.server.org.ApiKeyRepository;
import io.parley.server.org.UserRepository;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.crypto.Tokens;
import io.parley.server.platform.db.Lookup;
import io.parley.server.platform.error.UnauthorizedException;

import java.util.Optional;

/**
 * Reads {@code Authorization: Bearer …} — an access token (JWT) or an API key ({@code pk_…}) — and
 * puts the {@link Principal} in the request context. A credential that is present but not valid is
 * answered 401 here; routes declare through {@link Access} whether they need one at all.
 *
 * <p>The user behind a JWT is re-read on each request, so deactivation and role changes take effect
 * at once instead of when the 15-minute token expires.
 */
public final class Authenticator implements Filter {
    private final AccessTokens accessTokens;
    private final Database db;
    private final UserRepository users;
    private final ApiKeyRepository apiKeys;

    public Authenticator(AccessTokens accessTokens, Database db, UserRepository users, ApiKeyRepository apiKeys) {
        this.accessTokens = accessTokens;
        this.db = db;
        this.users = users;
        this.apiKeys = apiKeys;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isPresent()) {
            String value = header.get().strip();
            if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new UnauthorizedException("Use Authorization: Bearer <access token or API key>.");
            }
            req.context().register(authenticate(value.substring(7).strip()));
        }
        chain.proceed();
    }

    private Principal authenticate(String credential) {
        if (credential.startsWith(ApiKeyRepository.KEY_PREFIX)) {
            return db.lookup(Lookup.API_KEY, Tokens.hash(credential), tx ->
                    apiKeys.findBySecret(tx, credential).map(key -> {
                        tx.enterOrg(key.orgId());
                        apiKeys.touch(tx, key.id());
                        return Principal.apiKey(key.orgId(), key.id(), key.role());
                    })).orElseThrow(() -> new UnauthorizedException("This API key is not valid."));
        }
        Principal claimed = accessTokens.verify(credential)
                .orElseThrow(() -> new UnauthorizedException("The access token is invalid or expired."));
        return db.inOrg(claimed.orgId(), tx -> users.byId(tx, claimed.userId()))
                .filter(account -> account.user().active())
                .map(account -> Principal.user(claimed.orgId(), claimed.userId(), account.user().role()))
                .orElseThrow(() -> new UnauthorizedException("This account is deactivated or no longer exists."));
    }
}
