package io.parley.server.auth;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.parley.model.identity.Role;
import io.parley.server.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTokensTest {
    private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final AccessTokens tokens = new AccessTokens(SECRET, clock);

    @Test
    void roundTripsSubjectOrgAndRole() {
        Principal principal = tokens.verify(tokens.issue(7, 42, Role.SUPERVISOR)).orElseThrow();

        assertThat(principal).isEqualTo(Principal.user(7, 42, Role.SUPERVISOR));
    }

    @Test
    void expiresAfterFifteenMinutes() {
        String token = tokens.issue(1, 1, Role.AGENT);

        clock.advance(Duration.ofMinutes(14));
        assertThat(tokens.verify(token)).isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThat(tokens.verify(token)).isEmpty();
    }

    @Test
    void refusesTokensSignedWithAnotherKeyOrNotSignedAtAll() {
        String foreign = Jwts.builder().issuer("parley").subject("1").claim("org", 1).claim("role", "OWNER")
                .expiration(Date.from(clock.instant().plusSeconds(60)))
                .signWith(Keys.hmacShaKeyFor(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
                        19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}), Jwts.SIG.HS256)
                .compact();
        String unsigned = Jwts.builder().issuer("parley").subject("1").claim("org", 1).claim("role", "OWNER")
                .expiration(Date.from(clock.instant().plusSeconds(60))).compact();
        String noRole = Jwts.builder().issuer("parley").subject("1").claim("org", 1)
                .expiration(Date.from(clock.instant().plusSeconds(60)))
                .signWith(Keys.hmacShaKeyFor(Base64.getDecoder().decode(SECRET)), Jwts.SIG.HS256).compact();

        assertThat(tokens.verify(foreign)).isEmpty();
        assertThat(tokens.verify(unsigned)).isEmpty();
        assertThat(tokens.verify(noRole)).isEmpty();
        assertThat(tokens.verify("")).isEmpty();
    }
}
