package io.parley.server.org;

import io.helidon.webserver.http.HttpRouting;
import io.parley.server.auth.AuthModule;
import io.parley.server.job.JobWorker;
import io.parley.server.platform.FeatureModule;
import io.parley.server.platform.Platform;

/** Members, invitations, teams, API keys and the audit log of an organisation. */
public final class OrgModule implements FeatureModule {
    private final OrgDirectory directory;
    private final UserService users;
    private final InvitationService invitations;
    private final TeamService teams;
    private final ApiKeyService apiKeys;
    private final AuditService audit;

    public OrgModule(Platform platform, OrgDirectory directory, AuthModule auth) {
        this.directory = directory;
        users = new UserService(platform.db(), platform.json(), directory.orgs(), directory.users(), auth.refreshTokens(),
                directory.audit());
        invitations = new InvitationService(platform.db(), platform.json(), platform.clock(), new InvitationRepository(),
                directory.users(), directory.orgs(), auth.hasher(), auth.sessions(), directory.mail(), directory.audit());
        teams = new TeamService(platform.db(), platform.json(), directory.teams(), directory.users());
        apiKeys = new ApiKeyService(platform.db(), platform.json(), directory.apiKeys(), directory.audit());
        audit = new AuditService(platform.db(), platform.json(), directory.audit());
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.register("/api/v1/users", users)
                .register("/api/v1/invitations", invitations)
                .register("/api/v1/teams", teams)
                .register("/api/v1/api-keys", apiKeys)
                .register("/api/v1/audit", audit);
    }

    @Override
    public void jobs(JobWorker worker) {
        worker.register(OrgMaintenance.JOB, directory.maintenance());
    }
}
