package io.parley.server;

import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.parley.server.auth.AuthModule;
import io.parley.server.channel.ChannelModule;
import io.parley.server.crm.CrmModule;
import io.parley.server.demo.DemoModule;
import io.parley.server.event.EventModule;
import io.parley.server.inbox.InboxModule;
import io.parley.server.inbox.MediaKinds;
import io.parley.server.org.OrgDirectory;
import io.parley.server.org.OrgModule;
import io.parley.server.platform.FeatureModule;
import io.parley.server.platform.Platform;
import io.parley.server.platform.config.ParleyConfig;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.http.DatabaseHealthCheck;
import io.parley.server.platform.http.ProblemHandlers;
import io.parley.server.platform.http.RequestLogFilter;
import io.parley.server.sending.SendingModule;

import java.time.Clock;
import java.util.List;

/**
 * The composition root: lists the feature modules, built from the configuration, the database and
 * a clock, and serves them. Tests start it the same way against their own database.
 */
public final class ParleyServer implements AutoCloseable {
    private final WebServer webServer;
    private final Platform platform;
    private final List<FeatureModule> modules;

    private ParleyServer(WebServer webServer, Platform platform, List<FeatureModule> modules) {
        this.webServer = webServer;
        this.platform = platform;
        this.modules = modules;
    }

    /** The features, each after the ones it builds on. */
    static List<FeatureModule> modules(Platform platform) {
        OrgDirectory directory = OrgDirectory.create(platform);
        AuthModule auth = new AuthModule(platform, directory);
        InboxModule inbox = new InboxModule(platform, directory);
        CrmModule crm = new CrmModule(platform, directory, inbox::moveConversations);
        ChannelModule channels = new ChannelModule(platform, directory, inbox);
        SendingModule sending = new SendingModule(platform, inbox, channels);
        return List.of(auth, new OrgModule(platform, directory, auth), inbox, crm, channels, sending,
                new EventModule(platform, inbox), new DemoModule(platform, auth, crm, inbox, channels, sending));
    }

    public static ParleyServer start(ParleyConfig config, Database db, Clock clock) {
        Platform platform = Platform.create(config, db, clock);
        List<FeatureModule> modules = modules(platform);
        modules.forEach(m -> m.jobs(platform.worker()));
        modules.forEach(FeatureModule::start);
        ProblemHandlers problems = new ProblemHandlers(platform.json());
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
                        .addObserver(HealthObserver.builder().details(true).addCheck(new DatabaseHealthCheck(db)).build())
                        .addObserver(MetricsObserver.create())
                        .build())
                .addFeature(OpenApiFeature.create())
                .routing(routing -> routing(routing, modules, problems))
                .build()
                .start();
        platform.worker().start();
        return new ParleyServer(server, platform, modules);
    }

    static void routing(HttpRouting.Builder routing, List<FeatureModule> modules, ProblemHandlers problems) {
        routing.addFilter(new RequestLogFilter());
        modules.forEach(m -> m.routing(routing));
        problems.register(routing);
    }

    public int port() {
        return webServer.port();
    }

    @Override
    public void close() {
        webServer.stop();
        platform.worker().close();
        modules.reversed().forEach(FeatureModule::close);
    }
}
