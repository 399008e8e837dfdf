package io.parley.server.channel;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.channel.Channel;
import io.parley.model.channel.ChannelRequest;
import io.parley.model.channel.Provider;
import io.parley.model.common.Page;
import io.parley.model.identity.Role;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.org.AuditLog;
import io.parley.server.org.TeamRepository;
import io.parley.server.platform.crypto.Tokens;
import io.parley.server.platform.db.Constraints;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Tx;
import io.parley.server.platform.error.ConflictException;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.error.ValidationException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.PathIds;
import io.parley.server.platform.http.Violations;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/channels}: the WhatsApp numbers of an organisation. Members list them; ADMINs add,
 * change and remove them. Secrets go in, never out.
 */
public final class ChannelService implements HttpService {
    /** Meta's Graph API, pinned to a version so that Meta's upgrades do not change behaviour silently. */
    public static final String DEFAULT_GRAPH_BASE_URL = "https://graph.facebook.com/v23.0";
    // Meta's ids are digits; documentation examples use placeholders such as PHONE_NUMBER_ID, accepted too.
    private static final Pattern META_ID = Pattern.compile("[A-Za-z0-9_<>.:-]{1,64}");

    private final Database db;
    private final Json json;
    private final ChannelRepository channels;
    private final ChannelSecrets secrets;
    private final TeamRepository teams;
    private final AuditLog audit;
    private final ChannelRoutes routes;

    public ChannelService(Database db, Json json, ChannelRepository channels, ChannelSecrets secrets, TeamRepository teams,
                          AuditLog audit, ChannelRoutes routes) {
        this.db = db;
        this.json = json;
        this.channels = channels;
        this.secrets = secrets;
        this.teams = teams;
        this.audit = audit;
        this.routes = routes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.member(this::list))
                .post("/", Access.atLeast(Role.ADMIN, this::create))
                .get("/{id}", Access.member(this::get))
                .patch("/{id}", Access.atLeast(Role.ADMIN, this::update))
                .delete("/{id}", Access.atLeast(Role.ADMIN, this::delete));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        json.send(res, new Page<>(db.inOrg(principal.orgId(), tx -> channels.list(tx)).stream()
                .map(StoredChannel::view).toList(), null));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "channel");
        json.send(res, db.inOrg(principal.orgId(), tx -> channels.byId(tx, id)).map(StoredChannel::view)
                .orElseThrow(() -> notFound(id)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        ChannelRequest body = json.read(req, ChannelRequest.class);
        Violations v = new Violations().text("name", body.name(), 100).required("provider", body.provider());
        if (body.provider() == Provider.CLOUD) {
            v.check(isMetaId(body.phoneNumberId()), "phoneNumberId", "is required: Meta's Phone number ID")
                    .check(isMetaId(body.wabaId()), "wabaId", "is required: Meta's WhatsApp Business Account ID")
                    .text("accessToken", body.accessToken(), 4096)
                    .text("appSecret", body.appSecret(), 256)
                    .text("verifyToken", body.verifyToken(), 256);
        }
        checkOptional(v, body);
        v.throwIfAny();

        boolean sandbox = body.provider() == Provider.SANDBOX;
        ChannelRepository.NewChannel fresh = new ChannelRepository.NewChannel(body.name().strip(), body.provider(),
                sandbox ? "sandbox-" + UUID.randomUUID() : body.phoneNumberId().strip(),
                sandbox ? null : body.wabaId().strip(),
                blankToNull(body.displayPhoneNumber()) != null ? body.displayPhoneNumber().strip()
                        : sandbox ? "Sandbox" : null,
                sandbox ? null : graphBaseUrl(body.graphBaseUrl()),
                body.messagesPerSecond() == null ? 80 : body.messagesPerSecond());
        Channel created = uniquePhoneNumber(() -> db.inOrg(principal.orgId(), tx -> {
            long id = channels.insert(tx, fresh);
            StoredChannel stored = channels.byId(tx, id).orElseThrow();
            StoredChannel withSecrets = withSecrets(stored, body);
            if (body.teamId() != null) {
                withSecrets = withTeam(withSecrets, teamOrNull(tx, body.teamId()));
            }
            channels.update(tx, withSecrets);
            audit.record(tx, principal, "channel.created", "channel", id,
                    Map.of("name", fresh.name(), "provider", fresh.provider().wire(), "phoneNumberId", fresh.phoneNumberId()));
            return channels.byId(tx, id).orElseThrow().view();
        }));
        routes.forget();
        json.send(res, Status.CREATED_201, created);
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "channel");
        ChannelRequest body = json.read(req, ChannelRequest.class);
        Violations v = new Violations().optionalText("name", body.name(), 100);
        checkOptional(v, body);
        v.check(body.phoneNumberId() == null || isMetaId(body.phoneNumberId()), "phoneNumberId", "must be Meta's id")
                .check(body.wabaId() == null || isMetaId(body.wabaId()), "wabaId", "must be Meta's id")
                .optionalText("accessToken", body.accessToken(), 4096)
                .optionalText("appSecret", body.appSecret(), 256)
                .optionalText("verifyToken", body.verifyToken(), 256)
                .throwIfAny();
        Channel updated = uniquePhoneNumber(() -> db.inOrg(principal.orgId(), tx -> {
            StoredChannel current = channels.byId(tx, id).orElseThrow(() -> notFound(id));
            if (body.provider() != null && body.provider() != current.provider()) {
                throw ValidationException.of("provider", "cannot change; add a new channel instead");
            }
            boolean cloud = current.provider() == Provider.CLOUD;
            if (!cloud && (body.phoneNumberId() != null || body.wabaId() != null || body.accessToken() != null
                    || body.appSecret() != null || body.verifyToken() != null || body.graphBaseUrl() != null)) {
                throw ValidationException.of("provider", "a sandbox channel has no Meta settings");
            }
            StoredChannel changed = new StoredChannel(current.orgId(), current.id(),
                    body.name() == null ? current.name() : body.name().strip(), current.provider(),
                    body.phoneNumberId() == null ? current.phoneNumberId() : body.phoneNumberId().strip(),
                    body.wabaId() == null ? current.wabaId() : body.wabaId().strip(),
                    body.displayPhoneNumber() == null ? current.displayPhoneNumber() : blankToNull(body.displayPhoneNumber()),
                    current.accessTokenSealed(), current.appSecretSealed(), current.verifyTokenSealed(),
                    current.verifyTokenHash(),
                    body.graphBaseUrl() == null ? current.graphBaseUrl() : graphBaseUrl(body.graphBaseUrl()),
                    body.messagesPerSecond() == null ? current.messagesPerSecond() : body.messagesPerSecond(),
                    body.teamId() == null ? current.teamId() : teamOrNull(tx, body.teamId()),
                    current.createdAt());
            channels.update(tx, withSecrets(changed, body));
            audit.record(tx, principal, "channel.updated", "channel", id, Map.of("name", changed.name()));
            return channels.byId(tx, id).orElseThrow().view();
        }));
        routes.forget();
        json.send(res, updated);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "channel");
        boolean deleted = db.inOrg(principal.orgId(), tx -> channels.byId(tx, id).map(channel -> {
            channels.delete(tx, id);
            audit.record(tx, principal, "channel.deleted", "channel", id,
                    Map.of("name", channel.name(), "phoneNumberId", channel.phoneNumberId()));
            return true;
        }).orElse(false));
        routes.forget();
        if (!deleted) {
            throw notFound(id);
        }
        Json.noContent(res);
    }

    private StoredChannel withSecrets(StoredChannel c, ChannelRequest body) {
        return new StoredChannel(c.orgId(), c.id(), c.name(), c.provider(), c.phoneNumberId(), c.wabaId(),
                c.displayPhoneNumber(),
                body.accessToken() == null ? c.accessTokenSealed() : secrets.seal(c, ChannelSecrets.ACCESS_TOKEN, body.accessToken().strip()),
                body.appSecret() == null ? c.appSecretSealed() : secrets.seal(c, ChannelSecrets.APP_SECRET, body.appSecret().strip()),
                body.verifyToken() == null ? c.verifyTokenSealed() : secrets.seal(c, ChannelSecrets.VERIFY_TOKEN, body.verifyToken().strip()),
                body.verifyToken() == null ? c.verifyTokenHash() : Tokens.hash(body.verifyToken().strip()),
                c.graphBaseUrl(), c.messagesPerSecond(), c.teamId(), c.createdAt());
    }

    /** {@code teamId: 0} clears the team; another id must be a team of this organisation. */
    private Long teamOrNull(Tx tx, long teamId) {
        if (teamId == 0) {
            return null;
        }
        if (teams.byId(tx, teamId).isEmpty()) {
            throw ValidationException.of("teamId", "is not a team of this organisation (0 clears it)");
        }
        return teamId;
    }

    private static StoredChannel withTeam(StoredChannel c, Long teamId) {
        return new StoredChannel(c.orgId(), c.id(), c.name(), c.provider(), c.phoneNumberId(), c.wabaId(),
                c.displayPhoneNumber(), c.accessTokenSealed(), c.appSecretSealed(), c.verifyTokenSealed(),
                c.verifyTokenHash(), c.graphBaseUrl(), c.messagesPerSecond(), teamId, c.createdAt());
    }

    private static void checkOptional(Violations v, ChannelRequest body) {
        v.check(body.messagesPerSecond() == null || (body.messagesPerSecond() >= 1 && body.messagesPerSecond() <= 1000),
                        "messagesPerSecond", "must be between 1 and 1000")
                .check(body.graphBaseUrl() == null || body.graphBaseUrl().isBlank() || isHttpUrl(body.graphBaseUrl()),
                        "graphBaseUrl", "must be an http(s) URL such as " + DEFAULT_GRAPH_BASE_URL)
                .check(body.displayPhoneNumber() == null || body.displayPhoneNumber().length() <= 40,
                        "displayPhoneNumber", "must be at most 40 characters");
    }

    private static <T> T uniquePhoneNumber(Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e, "channel_phone_number_id_key")) {
                throw new ConflictException("This phone number id is already connected to a channel.");
            }
            throw e;
        }
    }

    private static String graphBaseUrl(String requested) {
        String url = blankToNull(requested);
        return url == null ? DEFAULT_GRAPH_BASE_URL : url.strip().replaceAll("/+$", "");
    }

    private static boolean isMetaId(String value) {
        return value != null && META_ID.matcher(value.strip()).matches();
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value.strip());
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No channel with id " + id + ".");
    }
}
