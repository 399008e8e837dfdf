package io.parley.server.event;

import io.helidon.webserver.http.HttpRouting;
import io.parley.server.inbox.InboxModule;
import io.parley.server.org.Presence;
import io.parley.server.platform.FeatureModule;
import io.parley.server.platform.Platform;

/**
 * The event stream agents' apps listen to, fed from the event log and shared between server
 * instances through PostgreSQL LISTEN/NOTIFY.
 */
public final class EventModule implements FeatureModule {
    private final EventStreamService stream;
    private final EventNotifications notifications;

    public EventModule(Platform platform, InboxModule inbox) {
        EventRepository events = new EventRepository();
        EventHub hub = new EventHub(platform.db(), events);
        stream = new EventStreamService(platform.db(), hub, events, new Presence(platform.db(), platform.events()),
                inbox.visibility(), platform.config().keepAlive());
        notifications = new EventNotifications(platform.db(), hub);
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.register("/api/v1/events", stream);
    }

    @Override
    public void start() {
        notifications.start();
    }

    @Override
    public void close() {
        notifications.close();
    }
}
