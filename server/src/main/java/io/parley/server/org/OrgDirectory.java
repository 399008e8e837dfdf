package io.parley.server.org;

import io.parley.server.platform.Platform;

/**
 * The organisation data other features read or write alongside their own: organisations, members,
 * API keys, teams, the audit log, the mail outbox and the per-organisation maintenance job.
 * Built before the modules, since signing in (auth) and managing members (org) both need it.
 */
public record OrgDirectory(OrgRepository orgs, UserRepository users, ApiKeyRepository apiKeys, TeamRepository teams,
                           AuditLog audit, MailOutbox mail, OrgMaintenance maintenance) {

    public static OrgDirectory create(Platform platform) {
        return new OrgDirectory(new OrgRepository(), new UserRepository(), new ApiKeyRepository(), new TeamRepository(),
                new AuditLog(platform.json().mapper()), new MailOutbox(),
                new OrgMaintenance(platform.db(), platform.jobs(), platform.clock()));
    }
}
