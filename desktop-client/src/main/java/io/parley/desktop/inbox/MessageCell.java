package io.parley.desktop.inbox;

import io.parley.desktop.app.Opener;
import io.parley.model.inbox.Message;
import io.parley.model.inbox.Reaction;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A chat bubble: the customer's on the left, the team's on the right, notes marked; a day line when
 * the day changes; the quoted message of a reply; an image inline (click to open), other files as a
 * link that downloads and opens them, a location as a map link; reactions; and the delivery tick:
 * queued (clock), sent ✓, delivered ✓✓, read (blue ✓✓) or failed (! with the reason).
 */
final class MessageCell extends ListCell<Message> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.getDefault());
    private static final double THUMBNAIL_WIDTH = 240;

    private final ChatViewModel chat;
    private final Opener opener;
    private final ImageCache images;
    private final Label day = new Label();
    private final Label quote = new Label();
    private final ImageView thumbnail = new ImageView();
    private final Hyperlink attachment = new Hyperlink();
    private final Label text = new Label();
    private final Label meta = new Label();
    private final Label reactions = new Label();
    private final VBox bubble = new VBox(4, quote, thumbnail, attachment, text, reactions, meta);
    private final HBox row = new HBox(bubble);
    private final VBox root = new VBox(6, day, row);

    MessageCell(ChatViewModel chat, Opener opener, ImageCache images) {
        this.chat = chat;
        this.opener = opener;
        this.images = images;
        text.setWrapText(true);
        text.setMaxWidth(520);
        quote.setWrapText(true);
        quote.setMaxWidth(520);
        quote.getStyleClass().add("bubble-quote");
        day.getStyleClass().add("day-separator");
        day.setMaxWidth(Double.MAX_VALUE);
        day.setAlignment(Pos.CENTER);
        bubble.getStyleClass().add("bubble");
        meta.getStyleClass().add("bubble-meta");
        reactions.getStyleClass().add("bubble-reactions");
        thumbnail.setPreserveRatio(true);
        thumbnail.setFitWidth(THUMBNAIL_WIDTH);
        thumbnail.setCursor(Cursor.HAND);
        thumbnail.setId("messageImage");
        attachment.setId("messageAttachment");
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
        showDay(m);
        showQuote(m);
        showMedia(m);
        String display = display(m);
        text.setText(display);
        show(text, !display.isEmpty());
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
        show(reactions, !m.reactions().isEmpty());
        setGraphic(root);
    }

    private void showDay(Message m) {
        LocalDate date = dayOf(m);
        Message previous = getIndex() > 0 && getIndex() <= getListView().getItems().size()
                ? getListView().getItems().get(getIndex() - 1) : null;
        boolean first = previous == null || date == null || !date.equals(dayOf(previous));
        day.setText(first && date != null ? DAY.format(date) : "");
        show(day, first && date != null);
    }

    private static LocalDate dayOf(Message m) {
        return m.createdAt() == null ? null : m.createdAt().atZone(ZoneId.systemDefault()).toLocalDate();
    }

    private void showQuote(Message m) {
        String quoted = chat.quoted(m).map(q -> "↪ " + (q.text() != null && !q.text().isBlank() ? q.text() : kindOf(q)))
                .orElse(m.replyTo() != null ? "↪ an earlier message" : "");
        quote.setText(quoted);
        show(quote, !quoted.isEmpty());
    }

    private void showMedia(Message m) {
        thumbnail.setImage(null);
        thumbnail.setOnMouseClicked(null);
        show(thumbnail, false);
        show(attachment, false);
        if (m.type().equals("location")) {
            String link = mapLink(m);
            if (link != null) {
                attachment.setText("📍 Open the location on a map");
                attachment.setOnAction(e -> opener.open(link));
                show(attachment, true);
            }
            return;
        }
        if (m.media() == null) {
            return;
        }
        if (m.type().equals("image") || m.type().equals("sticker")) {
            show(thumbnail, true);
            long mediaId = m.media().id();
            images.get(mediaId, chat, image -> {
                // The cell may show another message by the time the picture arrives.
                if (getItem() != null && getItem().media() != null && getItem().media().id() == mediaId) {
                    thumbnail.setImage(image);
                }
            });
            thumbnail.setOnMouseClicked(e -> chat.download(m, path -> opener.open(path.toUri().toString())));
            return;
        }
        String name = m.media().filename() != null && !m.media().filename().isBlank() ? m.media().filename() : kindOf(m);
        attachment.setText(icon(m.type()) + " " + name + size(m.media().fileSize()) + " — download");
        attachment.setOnAction(e -> chat.download(m, path -> opener.open(path.toUri().toString())));
        show(attachment, true);
    }

    static String mapLink(Message m) {
        if (m.content() == null || !m.content().hasNonNull("latitude") || !m.content().hasNonNull("longitude")) {
            return null;
        }
        double lat = m.content().path("latitude").asDouble();
        double lon = m.content().path("longitude").asDouble();
        return String.format(Locale.ROOT, "https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=17/%.6f/%.6f", lat, lon, lat, lon);
    }

    private static String size(Long bytes) {
        if (bytes == null) {
            return "";
        }
        return bytes < 1024 * 1024 ? String.format(" (%d KB)", Math.max(1, bytes / 1024))
                : String.format(Locale.ROOT, " (%.1f MB)", bytes / (1024.0 * 1024.0));
    }

    private static void show(javafx.scene.Node node, boolean visible) {
        node.setVisible(visible);
        node.setManaged(visible);
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

    private static String icon(String type) {
        return switch (type) {
            case "video" -> "🎥";
            case "audio" -> "🎤";
            default -> "📄";
        };
    }

    private static String kindOf(Message m) {
        return switch (m.type()) {
            case "image" -> "📷 Photo";
            case "video" -> "🎥 Video";
            case "audio" -> "🎤 Voice message";
            case "document" -> "📄 Document";
            case "sticker" -> "Sticker";
            case "location" -> "📍 Location";
            case "unsupported" -> "This kind of message is not supported by WhatsApp's API; ask the customer to send it another way.";
            default -> m.type();
        };
    }

    /** The bubble's text: the message's own (a caption for media), else what kind of message it is. */
    private static String display(Message m) {
        if (m.text() != null && !m.text().isBlank()) {
            return m.text();
        }
        boolean shownByMedia = m.media() != null || (m.type().equals("location") && mapLink(m) != null);
        return shownByMedia ? "" : kindOf(m);
    }
}
