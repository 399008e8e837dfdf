package io.parley.server.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.server.job.JobQueue;
import io.parley.server.job.PermanentJobFailure;
import io.parley.server.platform.db.Database;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The built-in sandbox: no Meta account. A sent message reaches a simulated customer phone, and its
 * status then moves SENT → DELIVERED → READ over a few seconds, through the same status path a
 * real webhook takes. Customers write in through {@code POST /api/v1/sandbox/{channelId}/inbound}.
 */
public final class SandboxProvider implements ChannelProvider {
    public static final String STATUS_JOB = "sandbox.status";
    static final Duration DELIVERED_AFTER = Duration.ofMillis(800);
    static final Duration READ_AFTER = Duration.ofMillis(2000);

    private final Database db;
    private final JobQueue jobs;
    private final Clock clock;
    private final ObjectMapper mapper;

    public SandboxProvider(Database db, JobQueue jobs, Clock clock, ObjectMapper mapper) {
        this.db = db;
        this.jobs = jobs;
        this.clock = clock;
        this.mapper = mapper;
    }

    @Override
    public String send(StoredChannel channel, String to, ObjectNode message, String callbackData) {
        String wamid = "wamid.sandbox." + UUID.randomUUID();
        db.runInOrg(channel.orgId(), tx -> {
            jobs.enqueue(tx, STATUS_JOB, Map.of("wamid", wamid, "status", "delivered"), clock.instant().plus(DELIVERED_AFTER));
            jobs.enqueue(tx, STATUS_JOB, Map.of("wamid", wamid, "status", "read"), clock.instant().plus(READ_AFTER));
        });
        return wamid;
    }

    @Override
    public void markRead(StoredChannel channel, String wamid) {
        // The simulated customer sees blue ticks in the simulator; nothing leaves Parley.
    }

    @Override
    public String uploadMedia(StoredChannel channel, byte[] bytes, String mimeType, String filename) {
        return "sandbox-media-" + UUID.randomUUID();
    }

    @Override
    public FetchedMedia fetchMedia(StoredChannel channel, String providerMediaId, String url) {
        throw new PermanentJobFailure("The sandbox has no media to fetch");
    }

    @Override
    public List<RemoteTemplate> listTemplates(StoredChannel channel) {
        return List.of(
                template("hello_world", "en_US", "UTILITY", "APPROVED", "Hello {{1}}, thanks for getting in touch with us!"),
                template("order_update", "en_US", "UTILITY", "APPROVED",
                        "Hi {{1}}, your order {{2}} is on its way and should arrive {{3}}."),
                template("winter_sale", "en_US", "MARKETING", "PENDING", "Our winter sale starts today: {{1}} off everything."));
    }

    private RemoteTemplate template(String name, String language, String category, String status, String body) {
        ObjectNode component = mapper.createObjectNode().put("type", "BODY").put("text", body);
        return new RemoteTemplate("sandbox-" + name, name, language, category, status,
                mapper.createArrayNode().add(component));
    }
}
