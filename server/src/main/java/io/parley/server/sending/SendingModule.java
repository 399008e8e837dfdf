package io.parley.server.sending;

import io.helidon.webserver.http.HttpRouting;
import io.parley.server.channel.ChannelModule;
import io.parley.server.inbox.InboxModule;
import io.parley.server.job.JobWorker;
import io.parley.server.platform.FeatureModule;
import io.parley.server.platform.Platform;

/**
 * Everything that goes out to WhatsApp: composing replies and templates, the durable send queue
 * with its per-number pacing and the per-customer pair rate, and read receipts.
 */
public final class SendingModule implements FeatureModule {
    private final Platform platform;
    private final InboxModule inbox;
    private final ChannelModule channels;
    private final OutboundComposer composer;
    private final OutboundService outbound;

    public SendingModule(Platform platform, InboxModule inbox, ChannelModule channels) {
        this.platform = platform;
        this.inbox = inbox;
        this.channels = channels;
        composer = new OutboundComposer(platform.json().mapper());
        outbound = new OutboundService(platform.db(), platform.json(), platform.clock(), composer, inbox.conversations(),
                inbox.messages(), channels.templates(), inbox.media(), platform.events(), platform.jobs(), platform.worker(),
                inbox.visibility());
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.register("/api/v1/conversations", outbound);
    }

    @Override
    public void jobs(JobWorker worker) {
        worker.register(OutboundSender.JOB, new OutboundSender(platform.db(), inbox.messages(), inbox.media(),
                channels.channels(), channels.providers(), new SendRateLimiter(platform.db()), inbox.inbound(),
                channels.parser(), platform.events(), platform.jobs(), platform.clock(), platform.config().sendReconcile()));
        worker.register(OutboundService.READ_JOB, new ReadReceiptSender(platform.db(), inbox.conversations(),
                channels.channels(), channels.providers()));
    }

    /** Builds the stored form of a message to send (text, media, template). */
    public OutboundComposer composer() {
        return composer;
    }
}
