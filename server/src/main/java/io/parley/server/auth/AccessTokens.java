package io.parley.server.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.parley.model.identity.Role;

import javax.crypto.SecretKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Short-lived access tokens: HS256 JWTs with {@code sub} (user id), {@code org} and {@code role}.
 * Only tokens signed with our key and algorithm verify; {@code alg: none} and foreign keys fail.
 */
public final class AccessTokens {
    public static final Duration LIFETIME = Duration.ofMinutes(15);
    private static final String ISSUER = "parley";

    private final SecretKey key;
    private final Clock clock;

    public AccessTokens(String base64Secret, Clock clock) {
        byte[] raw = Base64.getDecoder().decode(base64Secret.strip());
        if (raw.length < 32) {
            throw new IllegalArgumentException("The JWT secret must be at least 32 bytes, base64-encoded");
        }
        this.key = Keys.hmacShaKeyFor(raw);
        this.clock = clock;
    }

    public String issue(long orgId, long userId, Role role) {
        Instant now = clock.instant();
        return Jwts.builder()
                .issuer(ISSUER)
                .subject(Long.toString(userId))
                .claim("org", orgId)
                .claim("role", role.name())
                .id(UUID.randomUUID().toString())
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(LIFETIME)))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
    }

    /** The principal the token names, or empty when it is not a valid, current token of ours. */
    public Optional<Principal> verify(String token) {
        try {
            Claims claims = Jwts.parser()
                    .verifyWith(key)
                    .requireIssuer(ISSUER)
                    .clock(() -> Date.from(clock.instant()))
                    .build()
                    .parseSignedClaims(token)
                    .getPayload();
            Long orgId = claims.get("org", Long.class);
            String role = claims.get("role", String.class);
            if (claims.getSubject() == null || orgId == null || role == null) {
                return Optional.empty();
            }
            return Optional.of(Principal.user(orgId, Long.parseLong(claims.getSubject()), Role.valueOf(role)));
        } catch (JwtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
