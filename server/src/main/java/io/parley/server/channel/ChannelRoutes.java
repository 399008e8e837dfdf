package io.parley.server.channel;

import io.parley.model.channel.Provider;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Lookup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The Cloud API channels a webhook change is for, with their app secrets opened. Meta sends one
 * webhook per message, and finding the channel was a transaction (and a decryption) of its own each
 * time, as costly as storing the message; so a found route is kept for a few seconds. This instance
 * forgets every route when it changes a channel. A change made through another instance shows here
 * within {@link #TTL}; until then a webhook for it may be refused (401) or fail, and Meta retries it.
 * Numbers that match no channel are not remembered: a channel added elsewhere is found at once.
 */
public final class ChannelRoutes {
    static final Duration TTL = Duration.ofSeconds(10);
    /** Meta's ids are few per installation; past this, something is sending made-up ones. */
    private static final int MAX_ENTRIES = 10_000;

    /** A channel and its app secret. */
    record Route(StoredChannel channel, String appSecret) {
    }

    private record Entry(List<Route> routes, long expiresAtNanos) {
    }

    private final Database db;
    private final ChannelRepository channels;
    private final ChannelSecrets secrets;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    public ChannelRoutes(Database db, ChannelRepository channels, ChannelSecrets secrets) {
        this.db = db;
        this.channels = channels;
        this.secrets = secrets;
    }

    List<Route> byPhoneNumberId(String id) {
        return cached("phone:" + id, () -> db.lookup(Lookup.PHONE_NUMBER_ID, id, tx -> channels.byPhoneNumberId(tx, id))
                .map(List::of).orElse(List.of()));
    }

    List<Route> byWabaId(String waba) {
        return cached("waba:" + waba, () -> db.lookup(Lookup.WABA_ID, waba, tx -> channels.byWabaId(tx, waba)));
    }

    /** After a channel changed: every route is looked up afresh. */
    void forget() {
        generation.incrementAndGet();
        cache.clear();
    }

    private List<Route> cached(String key, Supplier<List<StoredChannel>> load) {
        long now = System.nanoTime();
        Entry entry = cache.get(key);
        if (entry != null && now - entry.expiresAtNanos() < 0) {
            return entry.routes();
        }
        long seen = generation.get();
        List<Route> routes = load.get().stream().filter(c -> c.provider() == Provider.CLOUD)
                .map(c -> new Route(c, secrets.appSecret(c))).toList();
        // Kept only if no channel changed while it was read, and only when it names a channel.
        if (!routes.isEmpty() && generation.get() == seen) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(key, new Entry(routes, now + TTL.toNanos()));
        }
        return routes;
    }
}
