package io.parley.server.auth;

import io.parley.model.identity.Org;
import io.parley.model.identity.Role;
import io.parley.model.identity.Session;
import io.parley.model.identity.User;
import io.parley.server.org.AuditLog;
import io.parley.server.org.OrgMaintenance;
import io.parley.server.org.OrgRepository;
import io.parley.server.org.UserRepository;
import io.parley.server.platform.db.Constraints;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Lookup;
import io.parley.server.platform.error.ConflictException;

import java.util.Map;

/** Creates an organisation with its first OWNER: behind {@code POST /auth/register} and the demo org. */
public final class Registration {
    private final Database db;
    private final PasswordHasher hasher;
    private final SessionIssuer sessions;
    private final OrgRepository orgs;
    private final UserRepository users;
    private final AuditLog audit;
    private final OrgMaintenance maintenance;

    public Registration(Database db, PasswordHasher hasher, SessionIssuer sessions, OrgRepository orgs,
                        UserRepository users, AuditLog audit, OrgMaintenance maintenance) {
        this.db = db;
        this.hasher = hasher;
        this.sessions = sessions;
        this.orgs = orgs;
        this.users = users;
        this.audit = audit;
        this.maintenance = maintenance;
    }

    public boolean emailTaken(String normalisedEmail) {
        return db.lookup(Lookup.EMAIL, normalisedEmail, tx -> users.byEmail(tx, normalisedEmail)).isPresent();
    }

    /** Input is already validated; {@code email} is normalised. */
    public Session register(String orgName, String name, String email, String password) {
        if (emailTaken(email)) {
            throw emailTaken();
        }
        String hash = hasher.hash(password);
        try {
            return db.global(tx -> {
                Org org = orgs.create(tx, orgName);
                maintenance.schedule(tx);
                User owner = users.insert(tx, email, name, Role.OWNER, hash).user();
                audit.record(tx, Principal.user(org.id(), owner.id(), Role.OWNER), "org.created", "org", org.id(),
                        Map.of("name", org.name()));
                return sessions.issue(tx, owner, null);
            });
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e, "app_user_email_key")) {
                throw emailTaken();
            }
            throw e;
        }
    }

    private static ConflictException emailTaken() {
        return new ConflictException("An account with this email already exists. Sign in, or use another email.");
    }
}
