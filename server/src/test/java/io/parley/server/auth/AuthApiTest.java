package io.parley.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

class AuthApiTest extends ServerTestSupport {

    @Test
    void registerCreatesOrgWithOwnerAndSignsIn() {
        String email = uniqueEmail("Founder").toUpperCase();
        Api.Response res = api.post("/api/v1/auth/register",
                obj("orgName", "  Acme Ltd ", "name", "Ada", "email", email, "password", "0123456789"), null);

        assertThat(res.status()).as(res.toString()).isEqualTo(201);
        JsonNode body = res.json();
        assertThat(body.get("org").get("name").asText()).isEqualTo("Acme Ltd");
        assertThat(body.get("org").get("plan").asText()).isEqualTo("FREE");
        assertThat(body.get("user").get("role").asText()).isEqualTo("OWNER");
        assertThat(body.get("user").get("email").asText()).isEqualTo(email.toLowerCase());
        assertThat(body.get("user").get("active").asBoolean()).isTrue();
        assertThat(body.get("user").has("passwordHash")).isFalse();
        assertThat(body.get("accessToken").asText()).contains(".");
        assertThat(body.get("refreshToken").asText()).isNotBlank();

        Api.Response me = api.get("/api/v1/auth/me", body.get("accessToken").asText());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("user").get("id").asLong()).isEqualTo(body.get("user").get("id").asLong());
        assertThat(me.json().get("org").get("id").asLong()).isEqualTo(body.get("org").get("id").asLong());
    }

    @Test
    void registerRejectsInvalidInputWithEveryFieldError() {
        Api.Response res = api.post("/api/v1/auth/register",
                obj("orgName", " ", "email", "not-an-email", "password", "short"), null);

        assertProblem(res, 400);
        assertThat(res.json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("orgName", "name", "email", "password");
    }

    @Test
    void registerRejectsMalformedAndMissingBodies() {
        assertProblem(api.post("/api/v1/auth/register", "{\"orgName\": ", null), 400);
        assertProblem(api.post("/api/v1/auth/register", "[1,2]", null), 400);
        assertProblem(api.post("/api/v1/auth/register", "null", null), 400);
        assertProblem(api.raw("POST", "/api/v1/auth/register", null, java.util.Map.of()), 400);
    }

    @Test
    void emailsAreUniqueAcrossOrganisationsCaseInsensitively() {
        Member first = registerOrg("First");
        Api.Response res = api.post("/api/v1/auth/register", obj("orgName", "Second", "name", "Copy",
                "email", first.email().toUpperCase(), "password", "0123456789abc"), null);

        assertProblem(res, 409);
    }

    @Test
    void loginIsCaseInsensitiveAndWrongCredentialsAre401() {
        Member owner = registerOrg("Login Co");

        Api.Response ok = api.post("/api/v1/auth/login",
                obj("email", "  " + owner.email().toUpperCase() + " ", "password", owner.password()), null);
        Api.Response wrongPassword = api.post("/api/v1/auth/login",
                obj("email", owner.email(), "password", "not the password"), null);
        Api.Response unknown = api.post("/api/v1/auth/login",
                obj("email", uniqueEmail("nobody"), "password", "whatever123"), null);
        Api.Response missing = api.post("/api/v1/auth/login", obj("email", owner.email()), null);

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("user").get("id").asLong()).isEqualTo(owner.userId());
        assertProblem(wrongPassword, 401);
        assertProblem(unknown, 401);
        assertThat(unknown.json().get("detail").asText()).isEqualTo(wrongPassword.json().get("detail").asText());
        assertProblem(missing, 400);
    }

    @Test
    void refreshRotatesAndReuseRevokesTheWholeFamily() {
        Member owner = registerOrg("Rotation");

        Api.Response first = api.post("/api/v1/auth/refresh", obj("refreshToken", owner.refreshToken()), null);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        String second = first.json().get("refreshToken").asText();
        assertThat(second).isNotEqualTo(owner.refreshToken());
        assertThat(api.get("/api/v1/auth/me", first.json().get("accessToken").asText()).status()).isEqualTo(200);

        // The old token presented again: treated as stolen, the family dies, including the new token.
        assertProblem(api.post("/api/v1/auth/refresh", obj("refreshToken", owner.refreshToken()), null), 401);
        assertProblem(api.post("/api/v1/auth/refresh", obj("refreshToken", second), null), 401);

        // Another sign-in is a separate family and still works.
        Member again = login(owner.email(), owner.password());
        assertThat(api.post("/api/v1/auth/refresh", obj("refreshToken", again.refreshToken()), null).status()).isEqualTo(200);
    }

    @Test
    void refreshRejectsGarbageAndExpiredTokens() {
        assertProblem(api.post("/api/v1/auth/refresh", obj("refreshToken", "prt_made_up"), null), 401);
        assertProblem(api.post("/api/v1/auth/refresh", obj(), null), 400);

        Member owner = registerOrg("Expiry");
        clock.advance(RefreshTokens.LIFETIME.plusMinutes(1));
        try {
            assertProblem(api.post("/api/v1/auth/refresh", obj("refreshToken", owner.refreshToken()), null), 401);
        } finally {
            clock.advance(RefreshTokens.LIFETIME.plusMinutes(1).negated());
        }
    }

    @Test
    void logoutRevokesTheRefreshTokenAndIsIdempotent() {
        Member owner = registerOrg("Logout");

        assertThat(api.post("/api/v1/auth/logout", obj("refreshToken", owner.refreshToken()), null).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/auth/logout", obj("refreshToken", owner.refreshToken()), null).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/auth/logout", obj("refreshToken", "prt_unknown"), null).status()).isEqualTo(204);
        assertProblem(api.post("/api/v1/auth/refresh", obj("refreshToken", owner.refreshToken()), null), 401);
    }

    @Test
    void accessTokensNotSignedByUsAreRejected() {
        Member owner = registerOrg("Tokens");
        String[] parts = owner.accessToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String escalated = payload.replace("\"role\":\"OWNER\"", "\"role\":\"OWNER\",\"x\":1");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String algNone = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + parts[1] + ".";
        String tampered = parts[0] + "." + b64.encodeToString(escalated.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertProblem(api.get("/api/v1/auth/me", algNone), 401);
        assertProblem(api.get("/api/v1/auth/me", tampered), 401);
        assertProblem(api.get("/api/v1/auth/me", "garbage"), 401);
        assertProblem(api.raw("GET", "/api/v1/auth/me", null, java.util.Map.of("Authorization", "Basic abc")), 401);
        assertProblem(api.get("/api/v1/auth/me", null), 401);
    }

    @Test
    void accessTokensExpireAfterFifteenMinutes() {
        Member owner = registerOrg("Short lived");
        clock.advance(AccessTokens.LIFETIME.plusSeconds(1));
        try {
            assertProblem(api.get("/api/v1/auth/me", owner.accessToken()), 401);
        } finally {
            clock.advance(AccessTokens.LIFETIME.plusSeconds(1).negated());
        }
        assertThat(api.get("/api/v1/auth/me", owner.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void passwordResetByMailIsSingleUseAndSignsOutEverywhere() {
        Member owner = registerOrg("Forgetful");

        Api.Response requested = api.post("/api/v1/auth/password-reset", obj("email", owner.email().toUpperCase()), null);
        Api.Response unknown = api.post("/api/v1/auth/password-reset", obj("email", uniqueEmail("ghost")), null);
        assertThat(requested.status()).isEqualTo(202);
        assertThat(unknown.status()).isEqualTo(202);
        assertThat(unknown.json()).isEqualTo(requested.json());

        String token = tokenIn(lastMailBody(owner.orgId(), "password-reset", owner.email()));
        assertProblem(api.post("/api/v1/auth/password-reset/confirm", obj("token", token, "password", "short"), null), 400);
        Api.Response confirmed = api.post("/api/v1/auth/password-reset/confirm",
                obj("token", token, "password", "a brand new password"), null);

        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(204);
        assertProblem(api.post("/api/v1/auth/password-reset/confirm",
                obj("token", token, "password", "yet another password"), null), 400);
        assertProblem(api.post("/api/v1/auth/login", obj("email", owner.email(), "password", owner.password()), null), 401);
        assertThat(api.post("/api/v1/auth/login", obj("email", owner.email(), "password", "a brand new password"), null)
                .status()).isEqualTo(200);
        assertProblem(api.post("/api/v1/auth/refresh", obj("refreshToken", owner.refreshToken()), null), 401);
    }

    @Test
    void passwordResetTokensExpireAfterAnHour() {
        Member owner = registerOrg("Slow reader");
        api.post("/api/v1/auth/password-reset", obj("email", owner.email()), null);
        String token = tokenIn(lastMailBody(owner.orgId(), "password-reset", owner.email()));

        clock.advance(PasswordResets.LIFETIME.plusMinutes(1));
        try {
            assertProblem(api.post("/api/v1/auth/password-reset/confirm",
                    obj("token", token, "password", "too late for this"), null), 400);
        } finally {
            clock.advance(PasswordResets.LIFETIME.plusMinutes(1).negated());
        }
        assertProblem(api.post("/api/v1/auth/password-reset", obj("email", "nope"), null), 400);
    }

    @Test
    void tenFailedLoginsThrottleTheEmailUntilTheWindowPasses() {
        Member owner = registerOrg("Brute force target");
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertProblem(api.post("/api/v1/auth/login", obj("email", owner.email(), "password", "guess-" + i), null), 401);
        }

        Api.Response throttled = api.post("/api/v1/auth/login", obj("email", owner.email(), "password", owner.password()), null);
        assertProblem(throttled, 429);
        long retryAfter = Long.parseLong(throttled.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, LoginThrottle.WINDOW.toSeconds());
        // Other emails are not affected.
        Member other = registerOrg("Bystander");
        assertThat(api.post("/api/v1/auth/login", obj("email", other.email(), "password", other.password()), null)
                .status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(retryAfter + 1));
        assertThat(api.post("/api/v1/auth/login", obj("email", owner.email(), "password", owner.password()), null)
                .status()).isEqualTo(200);
    }

    private static String tokenIn(String mailBody) {
        Matcher m = Pattern.compile("(prs_[A-Za-z0-9_-]+)").matcher(mailBody);
        assertThat(m.find()).as("token in mail: " + mailBody).isTrue();
        return m.group(1);
    }
}
