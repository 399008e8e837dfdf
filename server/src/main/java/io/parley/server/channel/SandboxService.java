package io.parley.server.channel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.channel.Provider;
import io.parley.model.channel.SandboxInbound;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.crm.ContactRepository;
import io.parley.server.event.EventLog;
import io.parley.server.crm.PhoneNumbers;
import io.parley.server.inbox.InboundMessage;
import io.parley.server.inbox.InboundStore;
import io.parley.server.inbox.MessageRepository;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.error.RuleViolationException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.PathIds;
import io.parley.server.platform.http.Violations;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/v1/sandbox/{channelId}/inbound}: a simulated customer writes to a sandbox channel.
 * After building the message this is the webhook's own path: same store, same events.
 */
public final class SandboxService implements HttpService {
    private final Database db;
    private final Json json;
    private final Clock clock;
    private final ChannelRepository channels;
    private final InboundStore inbound;
    private final MessageRepository messages;
    private final EventLog events;

    public SandboxService(Database db, Json json, Clock clock, ChannelRepository channels, InboundStore inbound,
                          MessageRepository messages, EventLog events) {
        this.db = db;
        this.json = json;
        this.clock = clock;
        this.channels = channels;
        this.inbound = inbound;
        this.messages = messages;
        this.events = events;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{channelId}/inbound", Access.member(this::inbound));
    }

    private void inbound(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long channelId = PathIds.id(req, "channelId", "channel");
        SandboxInbound body = json.read(req, SandboxInbound.class);
        String waId = PhoneNumbers.toWaId(body.from()).orElse(null);
        new Violations()
                .check(waId != null, "from", "must be a phone number with country code, e.g. +4915112340001")
                .text("text", body.text(), 4096)
                .optionalText("name", body.name(), 200)
                .throwIfAny();
        InboundMessage message = new InboundMessage("wamid.sandbox-in." + UUID.randomUUID(),
                new ContactRepository.Identity(waId, null, null, body.name() == null ? null : body.name().strip()),
                clock.instant(), "text", body.text(), JsonNodeFactory.instance.objectNode(), null, null, false, null,
                List.of(), JsonNodeFactory.instance.objectNode().put("from", waId).put("text", body.text()));
        var stored = db.inOrg(principal.orgId(), tx -> {
            StoredChannel channel = channels.byId(tx, channelId)
                    .orElseThrow(() -> new NotFoundException("No channel with id " + channelId + "."));
            if (channel.provider() != Provider.SANDBOX) {
                throw new RuleViolationException("Channel " + channel.name() + " is a real WhatsApp number;"
                        + " only sandbox channels take simulated customers.");
            }
            long id = inbound.receive(tx, channel.id(), message).orElseThrow();
            return messages.view(tx, id).orElseThrow();
        });
        json.send(res, Status.CREATED_201, stored);
    }
}
