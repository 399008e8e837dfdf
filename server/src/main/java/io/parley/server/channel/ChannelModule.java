package io.parley.server.channel;

import io.helidon.webserver.http.HttpRouting;
import io.parley.server.inbox.InboundStore;
import io.parley.server.inbox.InboxModule;
import io.parley.server.job.JobWorker;
import io.parley.server.org.OrgDirectory;
import io.parley.server.platform.FeatureModule;
import io.parley.server.platform.Platform;
import io.parley.server.platform.crypto.SecretBox;

/**
 * WhatsApp numbers and their transports: the Cloud API and the built-in sandbox, Meta's webhooks,
 * templates, and fetching inbound media from the provider.
 */
public final class ChannelModule implements FeatureModule {
    private final Platform platform;
    private final InboxModule inbox;
    private final ChannelRepository channels = new ChannelRepository();
    private final TemplateRepository templates;
    private final WebhookParser parser;
    private final SandboxProvider sandbox;
    private final ChannelProviders providers;
    private final ChannelService channelService;
    private final WebhookService webhooks;
    private final TemplateService templateService;
    private final SandboxService sandboxService;

    public ChannelModule(Platform platform, OrgDirectory directory, InboxModule inbox) {
        this.platform = platform;
        this.inbox = inbox;
        templates = new TemplateRepository(platform.json().mapper());
        parser = new WebhookParser(platform.clock());
        ChannelSecrets secrets = new ChannelSecrets(new SecretBox(platform.config().masterKey()));
        ChannelRoutes routes = new ChannelRoutes(platform.db(), channels, secrets);
        sandbox = new SandboxProvider(platform.db(), platform.jobs(), platform.clock(), platform.json().mapper());
        providers = new ChannelProviders(new CloudApiProvider(platform.json().mapper(), secrets), sandbox);
        channelService = new ChannelService(platform.db(), platform.json(), channels, secrets, directory.teams(),
                directory.audit(), routes);
        webhooks = new WebhookService(platform.db(), platform.json(), parser, channels, routes, inbox.inbound(), templates,
                platform.events());
        templateService = new TemplateService(platform.db(), platform.json(), channels, templates, providers);
        sandboxService = new SandboxService(platform.db(), platform.json(), platform.clock(), channels, inbox.inbound(),
                inbox.messages(), platform.events());
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.register("/api/v1/channels", channelService)
                .register("/api/v1/templates", templateService)
                .register("/api/v1/sandbox", sandboxService)
                .register(StoredChannel.WEBHOOK_PATH, webhooks);
    }

    @Override
    public void jobs(JobWorker worker) {
        worker.register(InboundStore.MEDIA_FETCH_JOB, new MediaFetcher(platform.db(), inbox.media(), inbox.messages(), channels,
                providers, platform.events(), platform.config().mediaDir()));
        worker.register(SandboxProvider.STATUS_JOB, new SandboxStatusJob(platform.db(), inbox.inbound(), platform.events(),
                platform.clock()));
    }

    public ChannelRepository channels() {
        return channels;
    }

    public TemplateRepository templates() {
        return templates;
    }

    /** Turns WhatsApp's answers and error payloads into our records, for the sender too. */
    public WebhookParser parser() {
        return parser;
    }

    public ChannelProviders providers() {
        return providers;
    }

    public SandboxProvider sandbox() {
        return sandbox;
    }
}
