package io.parley.server.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.server.event.EventLog;
import io.parley.server.inbox.InboundStore;
import io.parley.server.inbox.StatusUpdate;
import io.parley.server.platform.crypto.Tokens;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.GroupCommits;
import io.parley.server.platform.db.Lookup;
import io.parley.server.platform.db.Tx;
import io.parley.server.platform.error.BadRequestException;
import io.parley.server.platform.error.ForbiddenException;
import io.parley.server.platform.error.UnauthorizedException;
import io.parley.server.platform.http.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code /webhooks/whatsapp}: Meta's verification handshake (GET) and deliveries (POST). A delivery
 * is checked against the app secret of every channel it names before anything is stored, then
 * stored in a transaction per organisation — shared with the deliveries arriving at the same time
 * ({@link GroupCommits}) — and answered 200 only after those commits.
 */
public final class WebhookService implements HttpService {
    private static final Logger LOG = Logger.getLogger(WebhookService.class.getName());

    private final Database db;
    private final Json json;
    private final WebhookParser parser;
    private final ChannelRepository channels;
    private final ChannelRoutes routes;
    private final InboundStore inbound;
    private final TemplateRepository templates;
    private final EventLog events;
    private final GroupCommits<List<Map.Entry<WebhookParser.Change, StoredChannel>>> commits;

    public WebhookService(Database db, Json json, WebhookParser parser, ChannelRepository channels, ChannelRoutes routes,
                          InboundStore inbound, TemplateRepository templates, EventLog events) {
        this.db = db;
        this.json = json;
        this.parser = parser;
        this.channels = channels;
        this.routes = routes;
        this.inbound = inbound;
        this.templates = templates;
        this.events = events;
        this.commits = new GroupCommits<>("webhook", 2, db, this::storeInOrg);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::verify).post("/", this::deliver);
    }

    private void verify(ServerRequest req, ServerResponse res) {
        String mode = req.query().first("hub.mode").orElse(null);
        String token = req.query().first("hub.verify_token").orElse(null);
        String challenge = req.query().first("hub.challenge").orElse(null);
        if (!"subscribe".equals(mode) || token == null || token.isBlank()) {
            throw new ForbiddenException("Not a subscription request with a verify token.");
        }
        String hash = Tokens.hash(token.strip());
        if (!db.lookup(Lookup.VERIFY_TOKEN, hash, tx -> channels.verifyTokenExists(tx, hash))) {
            throw new ForbiddenException("The verify token matches no channel.");
        }
        if (challenge == null) {
            throw new BadRequestException("hub.challenge is missing.");
        }
        res.header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN);
        res.send(challenge);
    }

    private void deliver(ServerRequest req, ServerResponse res) {
        byte[] body = Json.readBody(req, Json.MAX_BODY_BYTES);
        JsonNode root;
        try {
            root = json.tree(body);
        } catch (IOException e) {
            throw new BadRequestException("The webhook body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("The webhook body must be a JSON object.");
        }
        List<WebhookParser.Change> changes = parser.parse(root);
        Map<WebhookParser.Change, List<StoredChannel>> routed = new LinkedHashMap<>();
        Map<StoredChannel, String> named = new LinkedHashMap<>();
        for (WebhookParser.Change change : changes) {
            List<ChannelRoutes.Route> targets = route(change);
            if (targets.isEmpty()) {
                LOG.info("Webhook change for unknown phone number id " + change.phoneNumberId() + " / WABA "
                        + change.wabaId() + " ignored");
            }
            routed.put(change, targets.stream().map(ChannelRoutes.Route::channel).toList());
            targets.forEach(t -> named.put(t.channel(), t.appSecret()));
        }
        if (!named.isEmpty()) {
            String signature = req.headers().first(HeaderNames.create(WebhookSignature.HEADER)).orElse(null);
            for (String appSecret : named.values()) {
                if (!WebhookSignature.valid(body, signature, appSecret)) {
                    throw new UnauthorizedException("Missing or invalid X-Hub-Signature-256 for this channel's app secret.");
                }
            }
            store(routed);
        }
        res.status(Status.OK_200);
        res.header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN);
        res.send("EVENT_RECEIVED");
    }

    private List<ChannelRoutes.Route> route(WebhookParser.Change change) {
        if (change.phoneNumberId() != null) {
            return routes.byPhoneNumberId(change.phoneNumberId());
        }
        if (change.wabaId() != null) {
            return routes.byWabaId(change.wabaId());
        }
        return List.of();
    }

    /** True the first time a notice without a wamid is seen, so a redelivery does not report it again. */
    private static boolean firstSeen(Tx tx, String notice) {
        return tx.dml("INSERT INTO seen_notice (org_id, key) VALUES (:org, :key) ON CONFLICT DO NOTHING")
                .addParam("org", tx.orgId()).addParam("key", Tokens.hash(notice)).execute() == 1;
    }

    /** Per organisation named in the delivery, in that organisation's next group commit. */
    private void store(Map<WebhookParser.Change, List<StoredChannel>> routed) {
        Map<Long, List<Map.Entry<WebhookParser.Change, StoredChannel>>> byOrg = new LinkedHashMap<>();
        routed.forEach((change, targets) -> targets.forEach(channel ->
                byOrg.computeIfAbsent(channel.orgId(), org -> new ArrayList<>()).add(Map.entry(change, channel))));
        byOrg.forEach(commits::commit);
    }

    private void storeInOrg(Tx tx, List<List<Map.Entry<WebhookParser.Change, StoredChannel>>> deliveries) {
        List<Map.Entry<WebhookParser.Change, StoredChannel>> work = deliveries.stream().flatMap(List::stream).toList();
        inbound.receiveAll(tx, work.stream().flatMap(item -> item.getKey().messages().stream()
                .map(message -> new InboundStore.Arrival(item.getValue().id(), message))).toList());
        for (Map.Entry<WebhookParser.Change, StoredChannel> item : work) {
            WebhookParser.Change change = item.getKey();
            StoredChannel channel = item.getValue();
            for (StatusUpdate status : change.statuses()) {
                inbound.status(tx, status);
            }
            if (change.template() != null) {
                templates.applyStatus(tx, channel.id(), change.template())
                        .ifPresent(template -> events.append(tx, "template.updated", template));
            }
            if (!change.errors().isEmpty() && firstSeen(tx, "errors:" + channel.id() + ":" + change.errorsJson())) {
                events.append(tx, "channel.error", Map.of("channelId", channel.id(), "errors", change.errors()));
            }
        }
    }
}
