package io.parley.server.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.parley.model.channel.Provider;
import io.parley.model.identity.DemoAccount;
import io.parley.model.identity.Session;
import io.parley.model.inbox.MessageRequest;
import io.parley.server.auth.Registration;
import io.parley.server.channel.ChannelProvider;
import io.parley.server.channel.ChannelRepository;
import io.parley.server.channel.SandboxProvider;
import io.parley.server.channel.StoredChannel;
import io.parley.server.channel.TemplateRepository;
import io.parley.server.crm.ContactRepository;
import io.parley.server.crm.CrmDemo;
import io.parley.server.event.EventLog;
import io.parley.server.inbox.InboundMessage;
import io.parley.server.inbox.InboundStore;
import io.parley.server.inbox.MessageRepository;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Tx;
import io.parley.server.sending.OutboundComposer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The demo organisation a first run starts with ({@code --demo} / {@code PARLEY_DEMO=true}): an owner
 * to sign in with, a sandbox WhatsApp number, its templates, and a few conversations — one of them
 * past the 24-hour window — so that someone who has just cloned Parley sees a working inbox at once.
 * Created once; later starts leave it be.
 */
public final class DemoOrg {
    public static final String EMAIL = DemoAccount.EMAIL;
    public static final String PASSWORD = DemoAccount.PASSWORD;
    private static final Logger LOG = Logger.getLogger(DemoOrg.class.getName());

    private final Registration registration;
    private final Database db;
    private final ChannelRepository channels;
    private final TemplateRepository templates;
    private final SandboxProvider sandbox;
    private final InboundStore inbound;
    private final MessageRepository messages;
    private final OutboundComposer composer;
    private final CrmDemo crm;
    private final EventLog events;
    private final Clock clock;

    public DemoOrg(Registration registration, Database db, ChannelRepository channels, TemplateRepository templates,
                   SandboxProvider sandbox, InboundStore inbound, MessageRepository messages, OutboundComposer composer,
                   CrmDemo crm, EventLog events, Clock clock) {
        this.registration = registration;
        this.db = db;
        this.channels = channels;
        this.templates = templates;
        this.sandbox = sandbox;
        this.inbound = inbound;
        this.messages = messages;
        this.composer = composer;
        this.crm = crm;
        this.events = events;
        this.clock = clock;
    }

    public void ensure() {
        if (registration.emailTaken(EMAIL)) {
            return;
        }
        Session owner = registration.register("Demo Shop", "Demo Owner", EMAIL, PASSWORD);
        db.runInOrg(owner.org().id(), tx -> {
            populate(tx);
            crm.populate(tx, owner.user().id(), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        });
        LOG.info("Created the demo organisation \"Demo Shop\" with a sandbox WhatsApp number, three conversations"
                + " and a CRM of a few dozen contacts.");
    }

    private void populate(Tx tx) {
        long channelId = channels.insert(tx, new ChannelRepository.NewChannel("Demo sandbox", Provider.SANDBOX,
                "sandbox-" + UUID.randomUUID(), null, "+1 555 0100", null, 80));
        StoredChannel channel = channels.byId(tx, channelId).orElseThrow();
        for (ChannelProvider.RemoteTemplate t : sandbox.listTemplates(channel)) {
            templates.upsert(tx, channelId, t.id(), t.name(), t.language(), t.category(), t.status(), t.components());
        }
        Instant now = clock.instant();
        customer(tx, channelId, "4915112340001", "Lena Fischer", now.minus(Duration.ofHours(2)),
                "Hi! Is the blue rain jacket still available in size M?");
        reply(tx, "4915112340001", now.minus(Duration.ofMinutes(110)), "Yes, it is! Shall I put one aside for you?");
        customer(tx, channelId, "4915112340001", "Lena Fischer", now.minus(Duration.ofMinutes(95)),
                "Yes please, I can pick it up on Saturday.");
        customer(tx, channelId, "393471234567", "Marco Rossi", now.minus(Duration.ofMinutes(20)),
                "Buongiorno, my order #1042 has not arrived yet. Can you check?");
        customer(tx, channelId, "447700900123", "Aisha Khan", now.minus(Duration.ofHours(26)),
                "Do you offer gift wrapping?");
    }

    private void customer(Tx tx, long channelId, String waId, String name, Instant at, String text) {
        inbound.receive(tx, channelId, new InboundMessage("wamid.demo." + UUID.randomUUID(),
                new ContactRepository.Identity(waId, null, null, name), at, "text", text,
                JsonNodeFactory.instance.objectNode(), null, null, false, null, List.of(),
                JsonNodeFactory.instance.objectNode().put("demo", true)));
    }

    /** A reply the shop sent earlier, already read by the customer. */
    private void reply(Tx tx, String waId, Instant at, String text) {
        long conversation = tx.get("SELECT c.id FROM conversation c JOIN contact k ON k.org_id = c.org_id"
                        + " AND k.id = c.contact_id WHERE c.org_id = :org AND k.wa_id = :wa")
                .addParam("org", tx.orgId()).addParam("wa", waId).execute().orElseThrow().column("id").getLong();
        OutboundComposer.Composed composed = composer.compose(
                new MessageRequest("text", text, false, null, null, null, null, null),
                id -> null, (n, l) -> null, upload -> null);
        long id = messages.insertOutbound(tx, conversation, composed, null, at);
        messages.markSent(tx, id, "wamid.demo." + UUID.randomUUID(), at.plusSeconds(1));
        messages.advanceStatus(tx, id, "READ", at.plusSeconds(60), null, null);
    }
}
