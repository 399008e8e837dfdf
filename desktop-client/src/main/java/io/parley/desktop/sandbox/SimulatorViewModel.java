package io.parley.desktop.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.desktop.api.EventStream;
import io.parley.desktop.api.ParleyClient;
import io.parley.desktop.app.UiExecutor;
import io.parley.model.channel.Channel;
import io.parley.model.channel.Provider;
import io.parley.model.inbox.Message;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;

/**
 * The customer simulator: a pretend customer's phone on a sandbox channel. What they type arrives
 * in the inbox like a WhatsApp message; what the business answers shows up here, live.
 */
public final class SimulatorViewModel implements EventStream.Listener {
    private final ObservableList<Channel> channels = FXCollections.observableArrayList();
    private final ObjectProperty<Channel> channel = new SimpleObjectProperty<>();
    private final StringProperty phone = new SimpleStringProperty("+4915112340001");
    private final StringProperty name = new SimpleStringProperty("Lena Fischer");
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final ObservableList<Message> messages = FXCollections.observableArrayList();
    private final ObjectMapper mapper = ParleyClient.mapper();
    private final SandboxApi client;
    private final UiExecutor ui;
    private volatile long conversationId = -1;

    public SimulatorViewModel(SandboxApi client, UiExecutor ui) {
        this.client = client;
        this.ui = ui;
    }

    public void load() {
        ui.run(client::channels, all -> {
            channels.setAll(all.stream().filter(c -> c.provider() == Provider.SANDBOX).toList());
            if (channel.get() == null && !channels.isEmpty()) {
                channel.set(channels.getFirst());
            }
            error.set(channels.isEmpty() ? "There is no sandbox channel yet: an admin can add one in Admin → Channels." : "");
        }, failure -> error.set(failure.getMessage()));
    }

    public void send() {
        Channel target = channel.get();
        String body = text.get() == null ? "" : text.get().strip();
        if (target == null || body.isEmpty()) {
            return;
        }
        ui.run(() -> client.inbound(target.id(), phone.get(), name.get(), body), sent -> {
            text.set("");
            error.set("");
            if (sent.conversationId() != conversationId) {
                conversationId = sent.conversationId();
                reload();
            } else {
                apply(sent);
            }
        }, failure -> error.set(failure.getMessage()));
    }

    private void reload() {
        long id = conversationId;
        ui.run(() -> client.messages(id).items(), page -> messages.setAll(page.stream()
                .filter(m -> !m.note()).toList()), failure -> error.set(failure.getMessage()));
    }

    void apply(Message m) {
        if (m.conversationId() != conversationId || m.note()) {
            return;
        }
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).id() == m.id()) {
                messages.set(i, m);
                return;
            }
        }
        messages.add(m);
    }

    @Override
    public void onEvent(long id, String type, String data) {
        if (type.startsWith("message.")) {
            try {
                Message m = mapper.readValue(data, Message.class);
                ui.onUi(() -> apply(m));
            } catch (IOException e) {
                ui.onUi(() -> error.set(e.getMessage()));
            }
        }
    }

    @Override
    public void onState(EventStream.State state) {
    }

    public ObservableList<Channel> channels() {
        return channels;
    }

    public ObjectProperty<Channel> channelProperty() {
        return channel;
    }

    public StringProperty phoneProperty() {
        return phone;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty textProperty() {
        return text;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public ObservableList<Message> messages() {
        return messages;
    }
}
