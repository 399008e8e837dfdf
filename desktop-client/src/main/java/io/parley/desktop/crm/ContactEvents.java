package io.parley.desktop.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.desktop.api.EventStream;
import io.parley.desktop.api.ParleyClient;
import io.parley.desktop.app.UiExecutor;
import io.parley.model.crm.Contact;

import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code contact.updated} events from the stream, as contacts that changed and ids of contacts that
 * went (erased, merged into another), handed over on the UI thread.
 */
public final class ContactEvents implements EventStream.Listener {
    private static final Logger LOG = Logger.getLogger(ContactEvents.class.getName());

    private final ObjectMapper mapper = ParleyClient.mapper();
    private final UiExecutor ui;
    private final Consumer<Contact> changed;
    private final LongConsumer gone;

    public ContactEvents(UiExecutor ui, Consumer<Contact> changed, LongConsumer gone) {
        this.ui = ui;
        this.changed = changed;
        this.gone = gone;
    }

    @Override
    public void onEvent(long id, String type, String data) {
        if (!type.equals("contact.updated")) {
            return;
        }
        try {
            JsonNode node = mapper.readTree(data);
            if (node.path("deleted").asBoolean(false)) {
                long contactId = node.path("id").asLong();
                ui.onUi(() -> gone.accept(contactId));
            } else {
                Contact contact = mapper.treeToValue(node, Contact.class);
                ui.onUi(() -> changed.accept(contact));
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Unreadable contact event " + id, e);
        }
    }

    @Override
    public void onState(EventStream.State state) {
    }
}
