package io.parley.desktop.app;

import io.parley.desktop.api.EventStream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One event stream, several screens listening (inbox, customer simulator). */
public final class EventFanout implements EventStream.Listener {
    private final List<EventStream.Listener> listeners = new CopyOnWriteArrayList<>();

    public void add(EventStream.Listener listener) {
        listeners.add(listener);
    }

    public void remove(EventStream.Listener listener) {
        listeners.remove(listener);
    }

    @Override
    public void onEvent(long id, String type, String data) {
        listeners.forEach(l -> l.onEvent(id, type, data));
    }

    @Override
    public void onState(EventStream.State state) {
        listeners.forEach(l -> l.onState(state));
    }

    @Override
    public void onReset() {
        listeners.forEach(EventStream.Listener::onReset);
    }
}
