package io.parley.desktop.inbox;

import io.parley.model.inbox.Message;
import io.parley.model.inbox.Reaction;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/**
 * A chat bubble: the customer's on the left, the team's on the right, notes marked; the delivery
 * tick shows queued (clock), sent ✓, delivered ✓✓, read (blue ✓✓) or failed (! with the reason).
 */
final class MessageCell extends ListCell<Message> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    private final Label text = new Label();
    private final Label meta = new Label();
    private final Label reactions = new Label();
    private final VBox bubble = new VBox(2, text, reactions, meta);
    private final HBox row = new HBox(bubble);

    MessageCell() {
        text.setWrapText(true);
        text.setMaxWidth(520);
        bubble.getStyleClass().add("bubble");
        meta.getStyleClass().add("bubble-meta");
        reactions.getStyleClass().add("bubble-reactions");
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(Message m, boolean empty) {
        super.updateItem(m, empty);
        bubble.getStyleClass().removeAll("in", "out", "note", "failed");
        meta.getStyleClass().remove("read");
        if (empty || m == null) {
            setGraphic(null);
            return;
        }
        text.setText(display(m));
        boolean outgoing = !"IN".equals(m.direction());
        bubble.getStyleClass().add(m.note() ? "note" : outgoing ? "out" : "in");
        row.setAlignment(outgoing ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
        String time = m.createdAt() == null ? "" : TIME.format(m.createdAt());
        meta.setText(m.note() ? "Note · " + time : outgoing ? time + "  " + tick(m.status()) : time);
        if ("READ".equals(m.status())) {
            meta.getStyleClass().add("read");
        }
        if ("FAILED".equals(m.status())) {
            bubble.getStyleClass().add("failed");
            Tooltip.install(bubble, new Tooltip(m.error() == null ? "Not delivered" : m.error().title()));
        } else {
            Tooltip.uninstall(bubble, null);
        }
        reactions.setText(m.reactions().stream().map(Reaction::emoji).collect(Collectors.joining(" ")));
        reactions.setVisible(!m.reactions().isEmpty());
        reactions.setManaged(!m.reactions().isEmpty());
        setGraphic(row);
    }

    static String tick(String status) {
        return switch (status) {
            case "QUEUED", "SENDING" -> "🕓";
            case "SENT" -> "✓";
            case "DELIVERED", "READ" -> "✓✓";
            case "FAILED" -> "!";
            default -> "";
        };
    }

    private static String display(Message m) {
        if (m.text() != null && !m.text().isBlank()) {
            return m.text();
        }
        return switch (m.type()) {
            case "image" -> "📷 Photo";
            case "video" -> "🎥 Video";
            case "audio" -> "🎤 Voice message";
            case "document" -> "📄 Document";
            case "sticker" -> "Sticker";
            case "location" -> "📍 Location";
            case "unsupported" -> "Unsupported message";
            default -> m.type();
        };
    }
}
