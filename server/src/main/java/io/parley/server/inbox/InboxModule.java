package io.parley.server.inbox;

import io.helidon.webserver.http.HttpRouting;
import io.parley.server.crm.ContactRepository;
import io.parley.server.job.JobWorker;
import io.parley.server.org.OrgDirectory;
import io.parley.server.platform.FeatureModule;
import io.parley.server.platform.Platform;
import io.parley.server.platform.db.Tx;

/**
 * Conversations and their messages: storing what arrives, assignment, notes, media, canned
 * responses and the inbox settings. Sending lives in {@code sending}, the transports in {@code channel}.
 */
public final class InboxModule implements FeatureModule {
    private final Platform platform;
    private final ConversationRepository conversations = new ConversationRepository();
    private final MessageRepository messages;
    private final MediaRepository media = new MediaRepository();
    private final Visibility visibility = new Visibility();
    private final InboundStore inbound;
    private final ConversationService conversationService;
    private final MediaService mediaService;
    private final CannedResponseService canned;
    private final InboxSettingsService settings;

    public InboxModule(Platform platform, OrgDirectory directory) {
        this.platform = platform;
        messages = new MessageRepository(platform.json().mapper());
        AutoAssignment assignment = new AutoAssignment();
        inbound = new InboundStore(new ContactRepository(), conversations, messages, media, platform.events(), platform.jobs(),
                assignment);
        conversationService = new ConversationService(platform.db(), platform.json(), platform.clock(), conversations,
                messages, directory.users(), directory.teams(), platform.events(), platform.jobs(), visibility);
        mediaService = new MediaService(platform.db(), platform.json(), media, platform.config().mediaDir());
        canned = new CannedResponseService(platform.db(), platform.json(), new CannedResponseRepository(), conversations,
                directory.users(), directory.orgs());
        settings = new InboxSettingsService(platform.db(), platform.json(), assignment, directory.audit());
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.register("/api/v1/conversations", conversationService)
                .register("/api/v1/media", mediaService)
                .register("/api/v1/canned-responses", canned)
                .register("/api/v1/inbox", settings);
    }

    @Override
    public void jobs(JobWorker worker) {
        worker.register(ConversationService.WAKE_JOB, new SnoozeWaker(platform.db(), conversations, platform.events()));
    }

    /** Where channels hand over what customers send and what WhatsApp reports. */
    public InboundStore inbound() {
        return inbound;
    }

    public ConversationRepository conversations() {
        return conversations;
    }

    public MessageRepository messages() {
        return messages;
    }

    public MediaRepository media() {
        return media;
    }

    /** Moves one contact's conversations onto another (a merge), folding open ones on the same number together. */
    public void moveConversations(Tx tx, long fromContact, long intoContact) {
        conversations.mergeContacts(tx, fromContact, intoContact);
    }

    /** Which conversations an agent may see. */
    public Visibility visibility() {
        return visibility;
    }
}
