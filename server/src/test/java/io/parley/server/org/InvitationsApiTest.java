package io.parley.server.org;

import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

class InvitationsApiTest extends ServerTestSupport {

    @Test
    void anInviteeJoinsTheOrganisationWithTheInvitedRole() {
        Member owner = registerOrg("Inviting");
        String email = uniqueEmail("newbie");

        Api.Response invitation = api.post("/api/v1/invitations", obj("email", email.toUpperCase(), "role", "SUPERVISOR"),
                owner.accessToken());
        assertThat(invitation.status()).as(invitation.toString()).isEqualTo(201);
        assertThat(invitation.json().get("id").asLong()).isPositive();
        assertThat(invitation.json().get("expiresAt").asText()).isNotBlank();
        String token = invitation.json().get("token").asText();
        assertThat(lastMailBody(owner.orgId(), "invitation", email)).contains(token);

        Api.Response accepted = api.post("/api/v1/invitations/accept",
                obj("token", token, "name", "New Person", "password", "a long enough password"), null);

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
        assertThat(accepted.json().get("org").get("id").asLong()).isEqualTo(owner.orgId());
        assertThat(accepted.json().get("user").get("role").asText()).isEqualTo("SUPERVISOR");
        assertThat(accepted.json().get("user").get("email").asText()).isEqualTo(email);
        assertThat(accepted.json().get("accessToken").asText()).isNotBlank();
        assertProblem(api.post("/api/v1/invitations/accept",
                obj("token", token, "name", "Again", "password", "a long enough password"), null), 400);
        assertThat(api.get("/api/v1/audit", owner.accessToken()).json().get("items").findValuesAsText("action"))
                .contains("invitation.created", "invitation.accepted");
        assertThat(api.get("/api/v1/invitations", owner.accessToken()).json().get("items")).isEmpty();
    }

    @Test
    void onlyAdminsInviteAndOnlyOwnersInviteOwners() {
        Member owner = registerOrg("Gatekeeping");
        Member admin = addMember(owner, "ADMIN");
        Member supervisor = addMember(owner, "SUPERVISOR");

        assertProblem(api.post("/api/v1/invitations", obj("email", uniqueEmail("x"), "role", "AGENT"),
                supervisor.accessToken()), 403);
        assertProblem(api.post("/api/v1/invitations", obj("email", uniqueEmail("x"), "role", "OWNER"),
                admin.accessToken()), 403);
        assertThat(api.post("/api/v1/invitations", obj("email", uniqueEmail("x"), "role", "OWNER"),
                owner.accessToken()).status()).isEqualTo(201);
        assertProblem(api.post("/api/v1/invitations", obj("email", uniqueEmail("x"), "role", "AGENT"), null), 401);
    }

    @Test
    void invalidRequestsAreRefused() {
        Member owner = registerOrg("Strict");

        assertProblem(api.post("/api/v1/invitations", obj("email", "nope", "role", "AGENT"), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/invitations", obj("email", uniqueEmail("x")), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/invitations", obj("email", uniqueEmail("x"), "role", "GOD"), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/invitations", obj("email", owner.email(), "role", "AGENT"), owner.accessToken()), 409);
        assertProblem(api.post("/api/v1/invitations/accept", obj("token", "inv_bogus", "name", "X",
                "password", "0123456789"), null), 400);
        assertProblem(api.post("/api/v1/invitations/accept", obj("token", "inv_bogus"), null), 400);
    }

    @Test
    void invitationsExpireAfterSevenDays() {
        Member owner = registerOrg("Patience");
        String token = api.post("/api/v1/invitations", obj("email", uniqueEmail("late"), "role", "AGENT"),
                owner.accessToken()).json().get("token").asText();

        clock.advance(InvitationService.LIFETIME.plusMinutes(1));
        try {
            assertProblem(api.post("/api/v1/invitations/accept",
                    obj("token", token, "name", "Late", "password", "0123456789"), null), 400);
        } finally {
            clock.advance(InvitationService.LIFETIME.plusMinutes(1).negated());
        }
    }

    @Test
    void aRevokedOrReplacedInvitationCannotBeAccepted() {
        Member owner = registerOrg("Changed mind");
        String email = uniqueEmail("maybe");
        Api.Response first = api.post("/api/v1/invitations", obj("email", email, "role", "AGENT"), owner.accessToken());
        Api.Response second = api.post("/api/v1/invitations", obj("email", email, "role", "ADMIN"), owner.accessToken());

        assertProblem(api.post("/api/v1/invitations/accept", obj("token", first.json().get("token").asText(),
                "name", "X", "password", "0123456789"), null), 400);
        assertThat(api.get("/api/v1/invitations", owner.accessToken()).json().get("items").findValuesAsText("role"))
                .containsExactly("ADMIN");

        assertThat(api.delete("/api/v1/invitations/" + second.json().get("id").asLong(), owner.accessToken()).status())
                .isEqualTo(204);
        assertProblem(api.post("/api/v1/invitations/accept", obj("token", second.json().get("token").asText(),
                "name", "X", "password", "0123456789"), null), 400);
    }

    @Test
    void anotherOrganisationsInvitationIsNotFound() {
        Member owner = registerOrg("Ours");
        Member other = registerOrg("Not ours");
        long theirs = api.post("/api/v1/invitations", obj("email", uniqueEmail("theirs"), "role", "AGENT"),
                other.accessToken()).json().get("id").asLong();

        assertProblem(api.delete("/api/v1/invitations/" + theirs, owner.accessToken()), 404);
        assertThat(api.get("/api/v1/invitations", owner.accessToken()).json().get("items")).isEmpty();
    }
}
