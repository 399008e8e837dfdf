package io.parley.server.sending;

import io.parley.server.channel.ChannelProvider;
import io.parley.server.channel.ChannelProviders;
import io.parley.server.channel.ChannelRepository;
import io.parley.server.channel.StoredChannel;
import io.parley.server.inbox.ConversationRepository;
import io.parley.server.job.Job;
import io.parley.server.job.JobHandler;
import io.parley.server.job.PermanentJobFailure;
import io.parley.server.platform.db.Database;

/** Sends WhatsApp's read receipt for a customer message (job {@value OutboundService#READ_JOB}). */
public final class ReadReceiptSender implements JobHandler {
    private final Database db;
    private final ConversationRepository conversations;
    private final ChannelRepository channels;
    private final ChannelProviders providers;

    public ReadReceiptSender(Database db, ConversationRepository conversations, ChannelRepository channels,
                             ChannelProviders providers) {
        this.db = db;
        this.conversations = conversations;
        this.channels = channels;
        this.providers = providers;
    }

    @Override
    public void run(Job job) {
        long conversationId = job.payload().path("conversationId").asLong();
        String wamid = job.payload().path("wamid").asText();
        StoredChannel channel = db.inOrg(job.orgId(), tx -> conversations.byId(tx, conversationId)
                        .flatMap(c -> channels.byId(tx, c.channelId())))
                .orElseThrow(() -> new PermanentJobFailure("Conversation or channel no longer exists"));
        try {
            providers.of(channel).markRead(channel, wamid);
        } catch (ChannelProvider.SendFailure failure) {
            if (!failure.retryable()) {
                throw new PermanentJobFailure(failure.getMessage());
            }
            throw failure;
        }
    }
}
