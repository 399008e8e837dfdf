package io.parley.server.auth;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.identity.LoginRequest;
import io.parley.model.identity.Me;
import io.parley.model.identity.PasswordResetConfirm;
import io.parley.model.identity.PasswordResetRequest;
import io.parley.model.identity.RefreshRequest;
import io.parley.model.identity.RegisterRequest;
import io.parley.model.identity.Session;
import io.parley.model.identity.User;
import io.parley.server.org.MailOutbox;
import io.parley.server.org.OrgRepository;
import io.parley.server.org.UserRepository;
import io.parley.server.platform.crypto.Tokens;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Lookup;
import io.parley.server.platform.error.BadRequestException;
import io.parley.server.platform.error.UnauthorizedException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.Violations;

import java.util.Map;
import java.util.Optional;

/** {@code /api/v1/auth}: registration, sign-in, token refresh, sign-out, who-am-I, password reset. */
public final class AuthService implements HttpService {
    private static final String WRONG_CREDENTIALS = "The email or password is wrong.";

    private final Database db;
    private final Json json;
    private final Registration registration;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final SessionIssuer sessions;
    private final RefreshTokens refreshTokens;
    private final PasswordResets resets;
    private final ResetThrottle resetThrottle;
    private final OrgRepository orgs;
    private final UserRepository users;
    private final MailOutbox mail;

    public AuthService(Database db, Json json, Registration registration, PasswordHasher hasher, LoginThrottle throttle, SessionIssuer sessions,
                       RefreshTokens refreshTokens, PasswordResets resets, ResetThrottle resetThrottle, OrgRepository orgs,
                       UserRepository users, MailOutbox mail) {
        this.db = db;
        this.json = json;
        this.registration = registration;
        this.hasher = hasher;
        this.throttle = throttle;
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
        this.resets = resets;
        this.resetThrottle = resetThrottle;
        this.orgs = orgs;
        this.users = users;
        this.mail = mail;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/register", Access.anyone(this::register))
                .post("/login", Access.anyone(this::login))
                .post("/refresh", Access.anyone(this::refresh))
                .post("/logout", Access.anyone(this::logout))
                .get("/me", Access.member(this::me))
                .post("/password-reset", Access.anyone(this::requestPasswordReset))
                .post("/password-reset/confirm", Access.anyone(this::confirmPasswordReset));
    }

    private void register(ServerRequest req, ServerResponse res) {
        RegisterRequest body = json.read(req, RegisterRequest.class);
        new Violations()
                .text("orgName", body.orgName(), 200)
                .text("name", body.name(), 200)
                .email("email", body.email())
                .password("password", body.password())
                .throwIfAny();
        Session session = registration.register(body.orgName().strip(), body.name().strip(),
                Emails.normalise(body.email()), body.password());
        json.send(res, Status.CREATED_201, session);
    }

    private void login(ServerRequest req, ServerResponse res) {
        LoginRequest body = json.read(req, LoginRequest.class);
        new Violations().required("email", body.email()).required("password", body.password()).throwIfAny();
        String email = Emails.normalise(body.email());
        throttle.checkAllowed(email);
        Optional<UserRepository.Account> account = db.lookup(Lookup.EMAIL, email, tx -> users.byEmail(tx, email));
        if (account.isEmpty()) {
            hasher.burnVerification(body.password());
            throttle.recordFailure(email);
            throw new UnauthorizedException(WRONG_CREDENTIALS);
        }
        if (!hasher.verify(body.password(), account.get().passwordHash())) {
            throttle.recordFailure(email);
            throw new UnauthorizedException(WRONG_CREDENTIALS);
        }
        if (!account.get().user().active()) {
            throw new UnauthorizedException("This account has been deactivated. Ask an administrator of your organisation.");
        }
        throttle.recordSuccess(email);
        Session session = db.inOrg(account.get().orgId(), tx -> sessions.issue(tx, account.get().user(), null));
        json.send(res, session);
    }

    /** Outcome of a refresh attempt, decided inside the transaction and answered after it commits. */
    private sealed interface RefreshOutcome {
        record Issued(Session session) implements RefreshOutcome {
        }

        record Refused(String reason) implements RefreshOutcome {
        }
    }

    private void refresh(ServerRequest req, ServerResponse res) {
        RefreshRequest body = json.read(req, RefreshRequest.class);
        new Violations().required("refreshToken", body.refreshToken()).throwIfAny();
        String secret = body.refreshToken().strip();
        // Refusals are returned, not thrown, so that a reuse-triggered family revocation commits.
        RefreshOutcome outcome = db.lookup(Lookup.REFRESH_TOKEN, Tokens.hash(secret), tx -> {
            Optional<RefreshTokens.Stored> found = refreshTokens.find(tx, secret);
            if (found.isEmpty()) {
                return new RefreshOutcome.Refused("This refresh token is not valid.");
            }
            RefreshTokens.Stored token = found.get();
            tx.enterOrg(token.orgId());
            if (token.revokedAt() != null || !refreshTokens.revoke(tx, token.id())) {
                refreshTokens.revokeFamily(tx, token.familyId());
                return new RefreshOutcome.Refused("This refresh token was already used; the session has been"
                        + " signed out everywhere. Sign in again.");
            }
            if (refreshTokens.isExpired(token)) {
                return new RefreshOutcome.Refused("This refresh token has expired. Sign in again.");
            }
            Optional<User> user = users.byId(tx, token.userId()).map(UserRepository.Account::user);
            if (user.isEmpty() || !user.get().active()) {
                refreshTokens.revokeFamily(tx, token.familyId());
                return new RefreshOutcome.Refused("This account has been deactivated.");
            }
            return new RefreshOutcome.Issued(sessions.issue(tx, user.get(), token.familyId()));
        });
        switch (outcome) {
            case RefreshOutcome.Issued issued -> json.send(res, issued.session());
            case RefreshOutcome.Refused refused -> throw new UnauthorizedException(refused.reason());
        }
    }

    private void logout(ServerRequest req, ServerResponse res) {
        RefreshRequest body = json.read(req, RefreshRequest.class);
        new Violations().required("refreshToken", body.refreshToken()).throwIfAny();
        String secret = body.refreshToken().strip();
        db.lookup(Lookup.REFRESH_TOKEN, Tokens.hash(secret), tx -> refreshTokens.find(tx, secret).map(token -> {
            tx.enterOrg(token.orgId());
            refreshTokens.revokeFamily(tx, token.familyId());
            return token;
        }));
        // Same answer whether or not the token existed: signing out is idempotent.
        Json.noContent(res);
    }

    private void me(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        Me me = db.inOrg(principal.orgId(), tx -> new Me(
                principal.isUser() ? users.byId(tx, principal.userId()).map(UserRepository.Account::user).orElse(null) : null,
                orgs.current(tx).orElseThrow()));
        json.send(res, me);
    }

    private void requestPasswordReset(ServerRequest req, ServerResponse res) {
        PasswordResetRequest body = json.read(req, PasswordResetRequest.class);
        new Violations().email("email", body.email()).throwIfAny();
        String email = Emails.normalise(body.email());
        resetThrottle.admit(email, req.remotePeer().host());
        db.lookup(Lookup.EMAIL, email, tx -> users.byEmail(tx, email)
                .filter(account -> account.user().active())
                .map(account -> {
                    tx.enterOrg(account.orgId());
                    String token = resets.create(tx, account.user().id());
                    mail.enqueue(tx, "password-reset", email, "Reset your Parley password",
                            "Someone asked to reset the password of your Parley account.\n"
                                    + "If it was you, use this token within one hour (POST /api/v1/auth/password-reset/confirm,"
                                    + " or paste it into the desktop app):\n\n" + token + "\n\n"
                                    + "If it was not you, ignore this mail; your password stays as it is.\n");
                    return token;
                }));
        // The same answer for unknown emails, so this cannot be used to find out who has an account.
        json.send(res, Status.ACCEPTED_202, Map.of("status",
                "If an account exists for this email, a reset token has been sent to it."));
    }

    private void confirmPasswordReset(ServerRequest req, ServerResponse res) {
        PasswordResetConfirm body = json.read(req, PasswordResetConfirm.class);
        new Violations().required("token", body.token()).password("password", body.password()).throwIfAny();
        String secret = body.token().strip();
        String hash = hasher.hash(body.password());
        boolean changed = db.lookup(Lookup.PASSWORD_RESET, Tokens.hash(secret), tx ->
                resets.findUsable(tx, secret).map(reset -> {
                    tx.enterOrg(reset.orgId());
                    if (!resets.markUsed(tx, reset.id())) {
                        return false;
                    }
                    users.setPassword(tx, reset.userId(), hash);
                    resets.invalidateOthers(tx, reset.userId());
                    refreshTokens.revokeAllOfUser(tx, reset.userId());
                    return true;
                }).orElse(false));
        if (!changed) {
            throw new BadRequestException("This reset token is invalid, already used or expired. Request a new one.");
        }
        Json.noContent(res);
    }

}
