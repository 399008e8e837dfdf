package io.parley.desktop.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.desktop.api.ParleyClient;
import io.parley.model.channel.Channel;
import io.parley.model.channel.ChannelRequest;
import io.parley.model.channel.Template;
import io.parley.model.common.Page;
import io.parley.model.identity.Invitation;
import io.parley.model.identity.InvitationRequest;
import io.parley.model.identity.Role;
import io.parley.model.identity.Team;
import io.parley.model.identity.TeamRequest;
import io.parley.model.identity.User;
import io.parley.model.identity.UserPatch;
import io.parley.model.inbox.CannedResponse;

import java.util.List;
import java.util.Map;

/** The admin workspace's calls: members, invitations, teams, canned answers, channels and templates. Blocking. */
public final class AdminApi {
    private final ParleyClient client;

    public AdminApi(ParleyClient client) {
        this.client = client;
    }

    /** The server the app talks to, for the webhook address an admin copies into Meta's settings. */
    public String serverUrl() {
        return client.serverUrl();
    }

    public List<User> users() {
        return client.get("/api/v1/users", Map.of("limit", "200"), new TypeReference<Page<User>>() {
        }).items();
    }

    public User updateUser(long id, UserPatch patch) {
        return client.patch("/api/v1/users/" + id, patch, User.class);
    }

    public Invitation invite(String email, Role role) {
        return client.post("/api/v1/invitations", new InvitationRequest(email, role), Invitation.class);
    }

    public List<Team> teams() {
        return client.get("/api/v1/teams", new TypeReference<Page<Team>>() {
        }).items();
    }

    public Team createTeam(TeamRequest request) {
        return client.post("/api/v1/teams", request, Team.class);
    }

    public Team updateTeam(long id, TeamRequest request) {
        return client.patch("/api/v1/teams/" + id, request, Team.class);
    }

    public void deleteTeam(long id) {
        client.delete("/api/v1/teams/" + id);
    }

    public List<CannedResponse> cannedResponses() {
        return client.get("/api/v1/canned-responses", Map.of("limit", "200"), new TypeReference<Page<CannedResponse>>() {
        }).items();
    }

    public CannedResponse createCannedResponse(String shortcut, String text) {
        return client.post("/api/v1/canned-responses", Map.of("shortcut", shortcut, "text", text), CannedResponse.class);
    }

    public CannedResponse updateCannedResponse(long id, String shortcut, String text) {
        return client.patch("/api/v1/canned-responses/" + id, Map.of("shortcut", shortcut, "text", text), CannedResponse.class);
    }

    public void deleteCannedResponse(long id) {
        client.delete("/api/v1/canned-responses/" + id);
    }

    public List<Channel> channels() {
        return client.get("/api/v1/channels", new TypeReference<Page<Channel>>() {
        }).items();
    }

    public Channel createChannel(ChannelRequest request) {
        return client.post("/api/v1/channels", request, Channel.class);
    }

    public List<Template> templates() {
        return client.get("/api/v1/templates", new TypeReference<Page<Template>>() {
        }).items();
    }

    public void syncTemplates() {
        client.post("/api/v1/templates/sync", null, JsonNode.class);
    }
}
