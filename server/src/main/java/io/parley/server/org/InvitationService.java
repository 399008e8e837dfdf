package io.parley.server.org;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.common.Page;
import io.parley.model.identity.Invitation;
import io.parley.model.identity.InvitationAccept;
import io.parley.model.identity.InvitationRequest;
import io.parley.model.identity.Org;
import io.parley.model.identity.Role;
import io.parley.model.identity.Session;
import io.parley.model.identity.User;
import io.parley.server.auth.Access;
import io.parley.server.auth.Emails;
import io.parley.server.auth.PasswordHasher;
import io.parley.server.auth.Principal;
import io.parley.server.auth.SessionIssuer;
import io.parley.server.platform.crypto.Tokens;
import io.parley.server.platform.db.Constraints;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Lookup;
import io.parley.server.platform.error.BadRequestException;
import io.parley.server.platform.error.ConflictException;
import io.parley.server.platform.error.ForbiddenException;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.PathIds;
import io.parley.server.platform.http.Violations;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/invitations}: ADMINs invite by email and role; the invitee accepts with the token
 * (single use, {@link #LIFETIME}) and becomes a user of the organisation.
 */
public final class InvitationService implements HttpService {
    public static final Duration LIFETIME = Duration.ofDays(7);

    private final Database db;
    private final Json json;
    private final Clock clock;
    private final InvitationRepository invitations;
    private final UserRepository users;
    private final OrgRepository orgs;
    private final PasswordHasher hasher;
    private final SessionIssuer sessions;
    private final MailOutbox mail;
    private final AuditLog audit;

    public InvitationService(Database db, Json json, Clock clock, InvitationRepository invitations, UserRepository users,
                             OrgRepository orgs, PasswordHasher hasher, SessionIssuer sessions, MailOutbox mail,
                             AuditLog audit) {
        this.db = db;
        this.json = json;
        this.clock = clock;
        this.invitations = invitations;
        this.users = users;
        this.orgs = orgs;
        this.hasher = hasher;
        this.sessions = sessions;
        this.mail = mail;
        this.audit = audit;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/accept", Access.anyone(this::accept))
                .get("/", Access.atLeast(Role.ADMIN, this::list))
                .post("/", Access.atLeast(Role.ADMIN, this::create))
                .delete("/{id}", Access.atLeast(Role.ADMIN, this::revoke));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        InvitationRequest body = json.read(req, InvitationRequest.class);
        new Violations().email("email", body.email()).required("role", body.role()).throwIfAny();
        if (body.role() == Role.OWNER && principal.role() != Role.OWNER) {
            throw new ForbiddenException("Only an OWNER can invite another owner.");
        }
        String email = Emails.normalise(body.email());
        if (db.lookup(Lookup.EMAIL, email, tx -> users.byEmail(tx, email)).isPresent()) {
            throw new ConflictException("Someone with this email already has a Parley account.");
        }
        Invitation invitation = db.inOrg(principal.orgId(), tx -> {
            invitations.revokeOpenFor(tx, email);
            Invitation created = invitations.create(tx, email, body.role(), principal.userId(),
                    clock.instant().plus(LIFETIME));
            Org org = orgs.current(tx).orElseThrow();
            mail.enqueue(tx, "invitation", email, "You are invited to " + org.name() + " on Parley",
                    "You have been invited to join " + org.name() + " on Parley as " + body.role() + ".\n"
                            + "Open the Parley desktop app, choose \"Accept an invitation\" and paste this token"
                            + " (valid for 7 days):\n\n" + created.token() + "\n");
            audit.record(tx, principal, "invitation.created", "invitation", created.id(),
                    Map.of("email", email, "role", body.role().name()));
            return created;
        });
        json.send(res, Status.CREATED_201, invitation);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        json.send(res, new Page<>(db.inOrg(principal.orgId(), tx -> invitations.listOpen(tx, clock.instant())), null));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "invitation");
        boolean revoked = db.inOrg(principal.orgId(), tx -> {
            boolean done = invitations.revoke(tx, id);
            if (done) {
                audit.record(tx, principal, "invitation.revoked", "invitation", id, Map.of());
            }
            return done;
        });
        if (!revoked) {
            throw new NotFoundException("No open invitation with id " + id + ".");
        }
        Json.noContent(res);
    }

    private void accept(ServerRequest req, ServerResponse res) {
        InvitationAccept body = json.read(req, InvitationAccept.class);
        new Violations()
                .required("token", body.token())
                .text("name", body.name(), 200)
                .password("password", body.password())
                .throwIfAny();
        String secret = body.token().strip();
        String hash = hasher.hash(body.password());
        Optional<Session> session;
        try {
            session = db.lookup(Lookup.INVITATION, Tokens.hash(secret), tx ->
                    invitations.findOpen(tx, secret, clock.instant()).flatMap(open -> {
                        tx.enterOrg(open.orgId());
                        if (!invitations.markAccepted(tx, open.id())) {
                            return Optional.empty();
                        }
                        User user = users.insert(tx, open.email(), body.name().strip(), open.role(), hash).user();
                        audit.record(tx, Principal.user(open.orgId(), user.id(), open.role()), "invitation.accepted",
                                "invitation", open.id(), Map.of("userId", user.id(), "email", open.email()));
                        return Optional.of(sessions.issue(tx, user, null));
                    }));
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e, "app_user_email_key")) {
                throw new ConflictException("Someone with this email already has a Parley account.");
            }
            throw e;
        }
        json.send(res, Status.CREATED_201, session.orElseThrow(() ->
                new BadRequestException("This invitation is invalid, already used, revoked or expired.")));
    }
}
