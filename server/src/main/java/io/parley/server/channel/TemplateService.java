package io.parley.server.channel;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.common.Page;
import io.parley.model.identity.Role;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.error.BadGatewayException;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.error.ValidationException;
import io.parley.server.platform.http.Json;

import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/templates}: the message templates of the organisation's numbers
 * ({@code ?channelId=} narrows to one), and {@code POST /sync} to pull them from the provider.
 */
public final class TemplateService implements HttpService {
    private final Database db;
    private final Json json;
    private final ChannelRepository channels;
    private final TemplateRepository templates;
    private final ChannelProviders providers;

    public TemplateService(Database db, Json json, ChannelRepository channels, TemplateRepository templates,
                           ChannelProviders providers) {
        this.db = db;
        this.json = json;
        this.channels = channels;
        this.templates = templates;
        this.providers = providers;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.member(this::list))
                .post("/sync", Access.atLeast(Role.ADMIN, this::sync));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        Long channelId = channelId(req);
        json.send(res, new Page<>(db.inOrg(principal.orgId(), tx -> templates.list(tx, channelId)), null));
    }

    private void sync(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        Long channelId = channelId(req);
        List<StoredChannel> targets = db.inOrg(principal.orgId(), tx -> channelId == null ? channels.list(tx)
                : channels.byId(tx, channelId).map(List::of)
                .orElseThrow(() -> new NotFoundException("No channel with id " + channelId + ".")));
        int synced = 0;
        for (StoredChannel channel : targets) {
            List<ChannelProvider.RemoteTemplate> remote;
            try {
                remote = providers.of(channel).listTemplates(channel);
            } catch (ChannelProvider.SendFailure failure) {
                throw new BadGatewayException("Listing the templates of channel " + channel.name() + " failed: "
                        + failure.error().title() + (failure.error().detail() == null ? "" : " (" + failure.error().detail() + ")"));
            }
            db.runInOrg(principal.orgId(), tx -> remote.forEach(t -> templates.upsert(tx, channel.id(), t.id(), t.name(),
                    t.language(), t.category(), t.status(), t.components())));
            synced += remote.size();
        }
        json.send(res, Map.of("channels", targets.size(), "templates", synced));
    }

    private static Long channelId(ServerRequest req) {
        return req.query().first("channelId").map(raw -> {
            try {
                return Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw ValidationException.of("channelId", "must be a channel id");
            }
        }).orElse(null);
    }
}
