package io.parley.desktop.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.desktop.api.EventStream;
import io.parley.desktop.api.ParleyClient;
import io.parley.desktop.app.UiExecutor;
import io.parley.model.channel.Channel;
import io.parley.model.channel.Provider;
import io.parley.model.common.Page;
import io.parley.model.identity.User;
import io.parley.model.inbox.Conversation;
import io.parley.model.inbox.Message;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.io.IOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The inbox: tabs (Mine / Unassigned / All) with counts, a status filter and server-side search
 * over the conversation list, the open chat, and the live event stream that keeps all of it
 * current. Events arrive on network threads and are applied on the UI thread.
 */
public final class InboxViewModel implements EventStream.Listener {
    /** The list's tabs. */
    public enum Tab { MINE, UNASSIGNED, ALL }

    private final ObservableList<Conversation> conversations = FXCollections.observableArrayList();
    private final ObjectProperty<Tab> tab = new SimpleObjectProperty<>(Tab.ALL);
    private final StringProperty status = new SimpleStringProperty("OPEN,PENDING");
    private final StringProperty search = new SimpleStringProperty("");
    private final LongProperty mine = new SimpleLongProperty();
    private final LongProperty unassigned = new SimpleLongProperty();
    private final LongProperty all = new SimpleLongProperty();
    private final StringProperty connection = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    /** True while the list is being rearranged, so the view can tell that from a user's selection. */
    private final BooleanProperty rearranging = new SimpleBooleanProperty(false);
    private final ObservableMap<Long, String> channelNames = FXCollections.observableHashMap();
    private final ObservableList<User> members = FXCollections.observableArrayList();
    private final BooleanProperty hasSandbox = new SimpleBooleanProperty(false);
    private final ObservableList<Conversation> contactHistory = FXCollections.observableArrayList();
    private Map<String, String> currentQuery = Map.of();
    private String nextCursor;
    private boolean loadingMore;

    private final InboxApi client;
    private final UiExecutor ui;
    private final ChatViewModel chat;
    private final ObjectMapper mapper = ParleyClient.mapper();
    private final long myUserId;
    private long generation;

    public InboxViewModel(InboxApi client, UiExecutor ui, Clock clock, long myUserId) {
        this.client = client;
        this.ui = ui;
        this.myUserId = myUserId;
        this.chat = new ChatViewModel(client, ui, clock);
        chat.conversationProperty().addListener((o, old, now) -> {
            if (now == null || old == null || now.contact().id() != old.contact().id()) {
                loadContactHistory(now);
            }
        });
        tab.addListener((o, a, b) -> reload());
        status.addListener((o, a, b) -> reload());
    }

    private record Listing(List<Channel> channels, Page<Conversation> page) {
    }

    /**
     * Appends the next page of this view, if there is one; the list asks as the agent nears its end,
     * so a long inbox loads as it is scrolled rather than all at once.
     */
    public void loadMore() {
        if (nextCursor == null || loadingMore) {
            return;
        }
        long mineGeneration = generation;
        String cursor = nextCursor;
        Map<String, String> query = currentQuery;
        loadingMore = true;
        ui.run(() -> client.conversations(query, cursor), page -> {
            if (mineGeneration != generation) {
                return;
            }
            loadingMore = false;
            nextCursor = page.nextCursor();
            Set<Long> present = new HashSet<>();
            conversations.forEach(c -> present.add(c.id()));
            conversations.addAll(page.items().stream().filter(c -> !present.contains(c.id())).toList());
        }, failure -> {
            loadingMore = false;
            error.set(failure.getMessage());
        });
    }

    public boolean hasMore() {
        return nextCursor != null;
    }

    /** The channel's name for a list row; empty until the channels have loaded. */
    public String channelName(long channelId) {
        return channelNames.getOrDefault(channelId, "");
    }

    /** Loads the list and counts for the current tab, filter and search. */
    public void reload() {
        long mineGeneration = ++generation;
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", status.get());
        query.put("q", search.get());
        switch (tab.get()) {
            case MINE -> query.put("assignee", "me");
            case UNASSIGNED -> query.put("assignee", "none");
            case ALL -> {
            }
        }
        currentQuery = query;
        nextCursor = null;
        loadingMore = false;
        // Channel names come with the page so that every row shows its channel from its first paint.
        ui.run(() -> new Listing(client.channels(), client.conversations(query, null)), listing -> {
            if (mineGeneration == generation) {
                listing.channels().forEach(c -> channelNames.put(c.id(), c.name()));
                hasSandbox.set(listing.channels().stream().anyMatch(c -> c.provider() == Provider.SANDBOX));
                List<Conversation> items = listing.page().items();
                nextCursor = listing.page().nextCursor();
                rearranging.set(true);
                try {
                    conversations.setAll(items);
                } finally {
                    rearranging.set(false);
                }
                error.set("");
            }
        }, failure -> error.set(failure.getMessage()));
        if (members.isEmpty()) {
            ui.run(client::users, users -> members.setAll(users.stream().filter(User::active).toList()), failure -> {
            });
        }
        ui.run(client::counts, counts -> {
            mine.set(counts.getOrDefault("mine", 0L));
            unassigned.set(counts.getOrDefault("unassigned", 0L));
            all.set(counts.getOrDefault("all", 0L));
        }, failure -> {
        });
    }

    /** The contact's earlier conversations, newest first, for the contact panel. */
    private void loadContactHistory(Conversation open) {
        contactHistory.clear();
        if (open == null || open.contact().phone() == null) {
            return;
        }
        long contactId = open.contact().id();
        Map<String, String> query = Map.of("q", open.contact().phone().replace("+", ""),
                "status", "OPEN,PENDING,SNOOZED,RESOLVED");
        ui.run(() -> client.conversations(query, null).items(), items -> {
            Conversation still = chat.conversationProperty().get();
            if (still != null && still.contact().id() == contactId) {
                contactHistory.setAll(items.stream()
                        .filter(c -> c.contact().id() == contactId && c.id() != still.id()).toList());
            }
        }, failure -> {
        });
    }

    /** Whether the organisation has a sandbox number, which is what the customer simulator writes to. */
    public BooleanProperty hasSandboxProperty() {
        return hasSandbox;
    }

    public ObservableList<User> members() {
        return members;
    }

    public ObservableList<Conversation> contactHistory() {
        return contactHistory;
    }

    public long myUserId() {
        return myUserId;
    }

    /** Opens a conversation; its unread badge is hidden while open (see {@link #isOpen}). */
    public void select(Conversation conversation) {
        chat.open(conversation);
    }

    /** The conversation as the list has it, if it is loaded. */
    public Optional<Conversation> find(long conversationId) {
        return conversations.stream().filter(c -> c.id() == conversationId).findFirst();
    }

    /** Opens a conversation by id, fetching it when the list does not hold it (e.g. from a notification). */
    public void open(long conversationId) {
        Optional<Conversation> loaded = find(conversationId);
        if (loaded.isPresent()) {
            select(loaded.get());
            return;
        }
        ui.run(() -> client.conversation(conversationId), this::select, failure -> error.set(failure.getMessage()));
    }

    /** Unread customer messages in the agent's own and unassigned conversations the list holds: the window title's count. */
    public IntegerBinding unreadForMe() {
        return Bindings.createIntegerBinding(() -> conversations.stream()
                .filter(c -> c.assigneeId() == null || c.assigneeId() == myUserId)
                .filter(c -> !isOpen(c))
                .mapToInt(Conversation::unreadCount).sum(), conversations, chat.conversationProperty());
    }

    public boolean isOpen(Conversation conversation) {
        Conversation open = chat.conversationProperty().get();
        return open != null && conversation != null && open.id() == conversation.id();
    }

    // --- live events (network threads) ---------------------------------------------------------

    @Override
    public void onEvent(long id, String type, String data) {
        try {
            switch (type) {
                case "message.created", "message.updated" -> {
                    Message message = mapper.readValue(data, Message.class);
                    ui.onUi(() -> {
                        chat.apply(message);
                        if (type.equals("message.created") && "IN".equals(message.direction())) {
                            countUnread(message.conversationId());
                        }
                    });
                }
                case "presence.updated" -> {
                    JsonNode presence = mapper.readTree(data);
                    long userId = presence.path("userId").asLong();
                    boolean online = presence.path("online").asBoolean();
                    ui.onUi(() -> members.replaceAll(u -> u.id() == userId
                            ? new User(u.id(), u.email(), u.name(), u.role(), u.active(), online) : u));
                }
                case "conversation.updated" -> {
                    Conversation conversation = mapper.readValue(data, Conversation.class);
                    ui.onUi(() -> apply(conversation));
                }
                default -> {
                }
            }
        } catch (IOException e) {
            ui.onUi(() -> error.set("An update from the server could not be read: " + e.getMessage()));
        }
    }

    @Override
    public void onState(EventStream.State state) {
        ui.onUi(() -> connection.set(switch (state) {
            case RECONNECTING -> "Reconnecting…";
            case CONNECTING -> "Connecting…";
            case LIVE, CLOSED -> "";
        }));
    }

    @Override
    public void onReset() {
        ui.onUi(this::reload);
    }

    /**
     * A changed conversation moves to the top (newest activity) if it still belongs in this view
     * (tab, status filter); events carry no per-agent unread count, so the list keeps its own.
     */
    void apply(Conversation changed) {
        rearranging.set(true);
        try {
            move(changed);
        } finally {
            rearranging.set(false);
        }
        ui.run(client::counts, counts -> {
            mine.set(counts.getOrDefault("mine", 0L));
            unassigned.set(counts.getOrDefault("unassigned", 0L));
            all.set(counts.getOrDefault("all", 0L));
        }, failure -> {
        });
    }

    private void move(Conversation changed) {
        chat.apply(changed);
        int unread = 0;
        boolean listed = false;
        for (int i = 0; i < conversations.size(); i++) {
            if (conversations.get(i).id() == changed.id()) {
                unread = conversations.get(i).unreadCount();
                conversations.remove(i);
                listed = true;
                break;
            }
        }
        boolean belongs = (status.get() == null || status.get().contains(changed.status())) && switch (tab.get()) {
            case MINE -> changed.assigneeId() != null && changed.assigneeId() == myUserId;
            case UNASSIGNED -> changed.assigneeId() == null;
            case ALL -> true;
        };
        // A search shows what the server matched; a conversation that was not among the results stays out.
        boolean searching = search.get() != null && !search.get().isBlank();
        if (belongs && (listed || !searching)) {
            conversations.addFirst(withUnread(changed, unread));
        }
    }

    private void countUnread(long conversationId) {
        rearranging.set(true);
        try {
            bumpUnread(conversationId);
        } finally {
            rearranging.set(false);
        }
    }

    private void bumpUnread(long conversationId) {
        Conversation open = chat.conversationProperty().get();
        if (open != null && open.id() == conversationId) {
            return;
        }
        for (int i = 0; i < conversations.size(); i++) {
            Conversation c = conversations.get(i);
            if (c.id() == conversationId) {
                conversations.set(i, withUnread(c, c.unreadCount() + 1));
                return;
            }
        }
    }

    private static Conversation withUnread(Conversation c, int unread) {
        return new Conversation(c.id(), c.contact(), c.channelId(), c.status(), c.assigneeId(), c.teamId(), c.priority(),
                c.labels(), unread, c.lastMessageAt(), c.lastMessagePreview(), c.windowExpiresAt());
    }

    public ObservableList<Conversation> conversations() {
        return conversations;
    }

    public ChatViewModel chat() {
        return chat;
    }

    public ObjectProperty<Tab> tabProperty() {
        return tab;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public LongProperty mineProperty() {
        return mine;
    }

    public LongProperty unassignedProperty() {
        return unassigned;
    }

    public LongProperty allProperty() {
        return all;
    }

    public StringProperty connectionProperty() {
        return connection;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty rearrangingProperty() {
        return rearranging;
    }
}
