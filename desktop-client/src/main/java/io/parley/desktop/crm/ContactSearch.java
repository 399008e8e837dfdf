package io.parley.desktop.crm;

import io.parley.desktop.app.CommandPaletteViewModel;
import io.parley.model.crm.Contact;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The CRM's part of the command palette: contacts by name, number or email. */
public final class ContactSearch implements CommandPaletteViewModel.Source {
    private static final int MOST = 10;

    private final ContactsApi api;
    private final Consumer<Contact> open;

    public ContactSearch(ContactsApi api, Consumer<Contact> open) {
        this.api = api;
        this.open = open;
    }

    @Override
    public List<CommandPaletteViewModel.Entry> search(String text) {
        return api.contacts(Map.of("q", text), null, MOST).items().stream()
                .map(c -> new CommandPaletteViewModel.Entry("Contact", c.name() == null ? c.phone() : c.name(),
                        String.join(" · ", Stream.of(c.phone(), c.email()).filter(Objects::nonNull).toList()),
                        () -> open.accept(c)))
                .toList();
    }
}
