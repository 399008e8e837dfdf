package io.parley.server;

import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.parley.server.auth.AccessTokens;
import io.parley.server.auth.AuthService;
import io.parley.server.auth.Authenticator;
import io.parley.server.auth.LoginThrottle;
import io.parley.server.auth.PasswordHasher;
import io.parley.server.auth.PasswordResets;
import io.parley.server.auth.RefreshTokens;
import io.parley.server.auth.Registration;
import io.parley.server.auth.ResetThrottle;
import io.parley.server.auth.SessionIssuer;
import io.parley.server.channel.ChannelProviders;
import io.parley.server.channel.ChannelRepository;
import io.parley.server.channel.ChannelRoutes;
import io.parley.server.channel.ChannelSecrets;
import io.parley.server.channel.ChannelService;
import io.parley.server.channel.CloudApiProvider;
import io.parley.server.channel.SandboxProvider;
import io.parley.server.channel.SandboxService;
import io.parley.server.channel.SandboxStatusJob;
import io.parley.server.channel.StoredChannel;
import io.parley.server.channel.TemplateRepository;
import io.parley.server.channel.TemplateService;
import io.parley.server.channel.WebhookParser;
import io.parley.server.channel.WebhookService;
import io.parley.server.crm.ContactRepository;
import io.parley.server.demo.DemoOrg;
import io.parley.server.event.EventHub;
import io.parley.server.event.EventLog;
import io.parley.server.event.EventNotifications;
import io.parley.server.event.EventRepository;
import io.parley.server.event.EventStreamService;
import io.parley.server.inbox.AutoAssignment;
import io.parley.server.inbox.CannedResponseRepository;
import io.parley.server.inbox.CannedResponseService;
import io.parley.server.inbox.ConversationRepository;
import io.parley.server.inbox.ConversationService;
import io.parley.server.inbox.InboundStore;
import io.parley.server.inbox.InboxSettingsService;
import io.parley.server.inbox.MediaFetcher;
import io.parley.server.inbox.MediaKinds;
import io.parley.server.inbox.MediaRepository;
import io.parley.server.inbox.MediaService;
import io.parley.server.inbox.MessageRepository;
import io.parley.server.inbox.OutboundComposer;
import io.parley.server.inbox.OutboundSender;
import io.parley.server.inbox.OutboundService;
import io.parley.server.inbox.ReadReceiptSender;
import io.parley.server.inbox.SendRateLimiter;
import io.parley.server.inbox.SnoozeWaker;
import io.parley.server.inbox.Visibility;
import io.parley.server.job.JobQueue;
import io.parley.server.job.JobWorker;
import io.parley.server.org.ApiKeyRepository;
import io.parley.server.org.ApiKeyService;
import io.parley.server.org.AuditLog;
import io.parley.server.org.AuditService;
import io.parley.server.org.InvitationRepository;
import io.parley.server.org.InvitationService;
import io.parley.server.org.MailOutbox;
import io.parley.server.org.OrgMaintenance;
import io.parley.server.org.OrgRepository;
import io.parley.server.org.Presence;
import io.parley.server.org.TeamRepository;
import io.parley.server.org.TeamService;
import io.parley.server.org.UserRepository;
import io.parley.server.org.UserService;
import io.parley.server.platform.config.ParleyConfig;
import io.parley.server.platform.crypto.SecretBox;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.http.DatabaseHealthCheck;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.ProblemHandlers;
import io.parley.server.platform.http.RequestLogFilter;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The composition root: builds every feature by hand from the configuration, the database and a
 * clock, and serves them. Tests start it the same way against their own database.
 */
public final class ParleyServer implements AutoCloseable {
    private final WebServer webServer;
    private final Features features;

    private ParleyServer(WebServer webServer, Features features) {
        this.webServer = webServer;
        this.features = features;
    }

    /** Everything a route needs, wired once. */
    record Features(Json json, Authenticator authenticator, AuthService auth, UserService users,
                    InvitationService invitations, TeamService teams, ApiKeyService apiKeys, AuditService audit,
                    ChannelService channels, WebhookService webhooks, ConversationService conversations,
                    OutboundService outbound, TemplateService templates, SandboxService sandbox, MediaService media,
                    CannedResponseService canned, InboxSettingsService inboxSettings, EventStreamService events, EventNotifications notifications,
                    JobWorker jobs, DemoOrg demoOrg,
                    DatabaseHealthCheck health) {

        static Features create(ParleyConfig config, Database db, Clock clock) {
            Json json = new Json();
            PasswordHasher hasher = PasswordHasher.standard();
            AccessTokens accessTokens = new AccessTokens(config.jwtSecret(), clock);
            RefreshTokens refreshTokens = new RefreshTokens(clock);
            OrgRepository orgs = new OrgRepository();
            UserRepository users = new UserRepository();
            ApiKeyRepository apiKeys = new ApiKeyRepository();
            AuditLog auditLog = new AuditLog(json.mapper());
            MailOutbox mail = new MailOutbox();
            SessionIssuer sessions = new SessionIssuer(accessTokens, refreshTokens, orgs);

            TeamRepository teamRepository = new TeamRepository();
            ChannelRepository channelRepository = new ChannelRepository();
            ChannelSecrets channelSecrets = new ChannelSecrets(new SecretBox(config.masterKey()));
            ChannelRoutes channelRoutes = new ChannelRoutes(db, channelRepository, channelSecrets);
            EventLog events = new EventLog(json.mapper());
            EventRepository eventRepository = new EventRepository();
            EventHub hub = new EventHub(db, eventRepository);
            JobQueue jobQueue = new JobQueue(json.mapper());
            JobWorker jobWorker = new JobWorker(db, json.mapper(), config.jobLease());
            OrgMaintenance maintenance = new OrgMaintenance(db, jobQueue, clock);
            Registration registration = new Registration(db, hasher, sessions, orgs, users, auditLog, maintenance);
            ContactRepository contacts = new ContactRepository();
            ConversationRepository conversationRepository = new ConversationRepository();
            MessageRepository messageRepository = new MessageRepository(json.mapper());
            MediaRepository mediaRepository = new MediaRepository();
            TemplateRepository templateRepository = new TemplateRepository(json.mapper());
            WebhookParser parser = new WebhookParser(clock);
            AutoAssignment assignment = new AutoAssignment();
            Visibility visibility = new Visibility();
            InboundStore inbound = new InboundStore(contacts, conversationRepository, messageRepository,
                    mediaRepository, events, jobQueue, assignment);
            SandboxProvider sandboxProvider = new SandboxProvider(db, jobQueue, clock, json.mapper());
            ChannelProviders providers = new ChannelProviders(new CloudApiProvider(json.mapper(), channelSecrets),
                    sandboxProvider);
            OutboundComposer composer = new OutboundComposer(json.mapper());
            Path mediaDir = config.mediaDir();

            jobWorker.register(OutboundSender.JOB, new OutboundSender(db, messageRepository, mediaRepository,
                    channelRepository, providers, new SendRateLimiter(db), inbound, parser, events, jobQueue, clock,
                    config.sendReconcile()));
            jobWorker.register(OutboundService.READ_JOB, new ReadReceiptSender(db, conversationRepository,
                    channelRepository, providers));
            jobWorker.register(InboundStore.MEDIA_FETCH_JOB, new MediaFetcher(db, mediaRepository, messageRepository,
                    channelRepository, providers, events, mediaDir));
            jobWorker.register(OrgMaintenance.JOB, maintenance);
            jobWorker.register(ConversationService.WAKE_JOB, new SnoozeWaker(db, conversationRepository, events));
            jobWorker.register(SandboxProvider.STATUS_JOB, new SandboxStatusJob(db, inbound, events, clock));

            return new Features(json,
                    new Authenticator(accessTokens, db, users, apiKeys),
                    new AuthService(db, json, registration, hasher, new LoginThrottle(db, clock), sessions,
                            refreshTokens, new PasswordResets(clock), new ResetThrottle(db, clock), orgs, users, mail),
                    new UserService(db, json, orgs, users, refreshTokens, auditLog),
                    new InvitationService(db, json, clock, new InvitationRepository(), users, orgs, hasher, sessions,
                            mail, auditLog),
                    new TeamService(db, json, teamRepository, users),
                    new ApiKeyService(db, json, apiKeys, auditLog),
                    new AuditService(db, json, auditLog),
                    new ChannelService(db, json, channelRepository, channelSecrets, teamRepository, auditLog, channelRoutes),
                    new WebhookService(db, json, parser, channelRepository, channelRoutes, inbound,
                            templateRepository, events),
                    new ConversationService(db, json, clock, conversationRepository, messageRepository, users,
                            teamRepository, events, jobQueue, visibility),
                    new OutboundService(db, json, clock, composer, conversationRepository,
                            messageRepository, templateRepository, mediaRepository, events, jobQueue, jobWorker, visibility),
                    new TemplateService(db, json, channelRepository, templateRepository, providers),
                    new SandboxService(db, json, clock, channelRepository, inbound, messageRepository, events),
                    new MediaService(db, json, mediaRepository, mediaDir),
                    new CannedResponseService(db, json, new CannedResponseRepository(), conversationRepository, users, orgs),
                    new InboxSettingsService(db, json, assignment, auditLog),
                    new EventStreamService(db, hub, eventRepository, new Presence(db, events), visibility,
                            config.keepAlive()),
                    new EventNotifications(db, hub),
                    jobWorker,
                    new DemoOrg(registration, db, channelRepository, templateRepository, sandboxProvider, inbound,
                            messageRepository, composer, events, clock),
                    new DatabaseHealthCheck(db));
        }
    }

    public static ParleyServer start(ParleyConfig config, Database db, Clock clock) {
        Features features = Features.create(config, db, clock);
        if (config.demo()) {
            features.demoOrg().ensure();
        }
        ProblemHandlers problems = new ProblemHandlers(features.json());
        WebServer server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                // JSON routes cap their bodies at Json.MAX_BODY_BYTES themselves; uploads may be up to WhatsApp's 100 MB.
                .maxPayloadSize(MediaKinds.MAX_BYTES + 64 * 1024)
                // Event streams write small frames back to back: with Nagle's algorithm each waited for the
                // client's (delayed) acknowledgement of the one before.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .directHandlers(problems.directHandlers())
                .shutdownHook(false)
                .addFeature(ObserveFeature.builder()
                        .endpoint("/")
                        .addObserver(HealthObserver.builder().details(true).addCheck(features.health()).build())
                        .addObserver(MetricsObserver.create())
                        .build())
                .addFeature(OpenApiFeature.create())
                .routing(routing -> routing(routing, features, problems))
                .build()
                .start();
        features.jobs().start();
        features.notifications().start();
        return new ParleyServer(server, features);
    }

    static void routing(HttpRouting.Builder routing, Features f, ProblemHandlers problems) {
        routing.addFilter(new RequestLogFilter())
                .addFilter(f.authenticator())
                .register("/api/v1/auth", f.auth())
                .register("/api/v1/users", f.users())
                .register("/api/v1/invitations", f.invitations())
                .register("/api/v1/teams", f.teams())
                .register("/api/v1/api-keys", f.apiKeys())
                .register("/api/v1/audit", f.audit())
                .register("/api/v1/channels", f.channels())
                .register("/api/v1/conversations", f.conversations(), f.outbound())
                .register("/api/v1/templates", f.templates())
                .register("/api/v1/sandbox", f.sandbox())
                .register("/api/v1/media", f.media())
                .register("/api/v1/events", f.events())
                .register("/api/v1/canned-responses", f.canned())
                .register("/api/v1/inbox", f.inboxSettings())
                .register(StoredChannel.WEBHOOK_PATH, f.webhooks());
        problems.register(routing);
    }

    public int port() {
        return webServer.port();
    }

    @Override
    public void close() {
        webServer.stop();
        features.notifications().close();
        features.jobs().close();
    }
}
