package io.parley.desktop.inbox;

import io.parley.desktop.app.CommandPaletteViewModel;
import io.parley.model.inbox.Conversation;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The inbox's part of the command palette: conversations of every status, by name, number or message words. */
public final class ConversationSearch implements CommandPaletteViewModel.Source {
    private static final int MOST = 20;

    private final InboxApi api;
    private final Consumer<Conversation> open;

    public ConversationSearch(InboxApi api, Consumer<Conversation> open) {
        this.api = api;
        this.open = open;
    }

    @Override
    public List<CommandPaletteViewModel.Entry> search(String text) {
        return api.conversations(Map.of("q", text, "status", "OPEN,PENDING,SNOOZED,RESOLVED"), null).items().stream()
                .limit(MOST)
                .map(c -> new CommandPaletteViewModel.Entry("Conversation", ConversationCell.name(c), detail(c),
                        () -> open.accept(c)))
                .toList();
    }

    private static String detail(Conversation c) {
        String status = c.status().charAt(0) + c.status().substring(1).toLowerCase();
        String preview = c.lastMessagePreview() == null ? "" : " · " + c.lastMessagePreview();
        return status + preview;
    }
}
