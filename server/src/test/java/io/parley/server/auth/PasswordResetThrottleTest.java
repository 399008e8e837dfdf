package io.parley.server.auth;

import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password-reset requests are throttled per email and per client address, and the throttle answers
 * the same for addresses that have an account and addresses that do not.
 */
class PasswordResetThrottleTest extends ServerTestSupport {

    @Test
    void anAddressGetsThreeResetMailsAnHourAndAStrangerTheSameAnswers() {
        Member owner = registerOrg("Throttled resets");
        String stranger = uniqueEmail("nobody");
        for (int i = 0; i < ResetThrottle.PER_EMAIL; i++) {
            assertThat(reset(owner.email()).status()).isEqualTo(202);
            assertThat(reset(stranger).status()).isEqualTo(202);
        }
        Api.Response known = reset(owner.email());
        Api.Response unknown = reset(stranger);
        assertProblem(known, 429);
        assertProblem(unknown, 429);
        assertThat(known.json().get("detail")).isEqualTo(unknown.json().get("detail"));
        assertThat(Long.parseLong(known.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(mailsTo(owner)).as("no mail for the refused request").isEqualTo(ResetThrottle.PER_EMAIL);

        clock.advance(ResetThrottle.WINDOW.plus(Duration.ofSeconds(1)));
        assertThat(reset(owner.email()).status()).as("an hour later").isEqualTo(202);
        assertThat(mailsTo(owner)).isEqualTo(ResetThrottle.PER_EMAIL + 1);
    }

    @Test
    void oneClientCannotWalkAListOfAddresses() {
        clock.advance(Duration.ofHours(2));
        for (int i = 0; i < ResetThrottle.PER_CLIENT; i++) {
            assertThat(reset(uniqueEmail("listed")).status()).isEqualTo(202);
        }
        assertProblem(reset(uniqueEmail("listed")), 429);
        clock.advance(ResetThrottle.WINDOW.plus(Duration.ofSeconds(1)));
        assertThat(reset(uniqueEmail("listed")).status()).isEqualTo(202);
    }

    @Test
    void aMalformedEmailIsRefusedBeforeItCounts() {
        assertProblem(api.post("/api/v1/auth/password-reset", obj("email", "not an email"), null), 400);
        assertProblem(api.post("/api/v1/auth/password-reset", "{", null), 400);
    }

    private Api.Response reset(String email) {
        return api.post("/api/v1/auth/password-reset", obj("email", email), null);
    }

    private long mailsTo(Member member) {
        return db.inOrg(member.orgId(), tx -> tx.get("SELECT count(*) AS n FROM mail_outbox WHERE kind = 'password-reset'"
                + " AND to_email = :to").addParam("to", member.email()).execute().orElseThrow().column("n").getLong());
    }
}
