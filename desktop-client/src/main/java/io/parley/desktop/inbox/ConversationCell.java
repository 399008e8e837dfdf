package io.parley.desktop.inbox;

import io.parley.model.inbox.Conversation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** A row of the conversation list: name, preview, relative time, channel, unread badge. Reused as the list scrolls. */
final class ConversationCell extends ListCell<Conversation> {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM").withZone(ZoneId.systemDefault());

    /** How close to the end of the loaded rows the next page is asked for. */
    private static final int PREFETCH_ROWS = 30;

    private final InboxViewModel model;
    private final Clock clock;
    private final Label name = new Label();
    private final Label preview = new Label();
    private final Label time = new Label();
    private final Label badge = new Label();
    private final Label channel = new Label();
    private final BorderPane root = new BorderPane();

    ConversationCell(InboxViewModel model, Clock clock) {
        this.model = model;
        this.clock = clock;
        name.getStyleClass().add("conversation-name");
        preview.getStyleClass().add("conversation-preview");
        time.getStyleClass().add("conversation-time");
        badge.getStyleClass().add("unread-badge");
        channel.getStyleClass().add("conversation-channel");
        // A zero preferred width lets the list size rows to itself: long previews end in "…" instead of scrolling sideways.
        setPrefWidth(0);
        name.setMinWidth(0);
        preview.setMinWidth(0);
        channel.setMinWidth(Region.USE_PREF_SIZE);
        HBox top = new HBox(6, name, time);
        HBox.setHgrow(name, Priority.ALWAYS);
        name.setMaxWidth(Double.MAX_VALUE);
        HBox bottom = new HBox(6, preview, channel, badge);
        HBox.setHgrow(preview, Priority.ALWAYS);
        preview.setMaxWidth(Double.MAX_VALUE);
        bottom.setAlignment(Pos.CENTER_LEFT);
        root.setCenter(new VBox(2, top, bottom));
    }

    static String name(Conversation c) {
        return c.contact().name() != null ? c.contact().name()
                : c.contact().phone() != null ? c.contact().phone() : "Customer #" + c.contact().id();
    }

    @Override
    protected void updateItem(Conversation c, boolean empty) {
        super.updateItem(c, empty);
        if (empty || c == null) {
            setGraphic(null);
            return;
        }
        name.setText(name(c));
        preview.setText(c.lastMessagePreview() == null ? "" : c.lastMessagePreview());
        time.setText(relative(c.lastMessageAt()));
        int unread = model.isOpen(c) ? 0 : c.unreadCount();
        channel.setText(model.channelName(c.channelId()));
        badge.setText(Integer.toString(unread));
        badge.setVisible(unread > 0);
        setGraphic(root);
        if (getIndex() >= getListView().getItems().size() - PREFETCH_ROWS) {
            model.loadMore();
        }
    }

    private String relative(Instant at) {
        if (at == null) {
            return "";
        }
        Duration ago = Duration.between(at, clock.instant());
        if (ago.toMinutes() < 1) {
            return "now";
        }
        if (ago.toHours() < 1) {
            return ago.toMinutes() + " min";
        }
        if (ago.toDays() < 1) {
            return ago.toHours() + " h";
        }
        return DAY.format(at);
    }
}
