package io.parley.desktop.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.desktop.app.UiExecutor;
import io.parley.model.channel.Template;
import io.parley.model.inbox.Conversation;
import io.parley.model.inbox.Message;
import io.parley.model.inbox.MessageRequest;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One open conversation: its messages (oldest first), the composer, note mode, and whether the
 * 24-hour window allows free-form messages. Live events update it through {@link #apply(Message)}.
 */
public final class ChatViewModel {
    private final ObservableList<Message> messages = FXCollections.observableArrayList();
    private final ObjectProperty<Conversation> conversation = new SimpleObjectProperty<>();
    private final StringProperty draft = new SimpleStringProperty("");
    private final BooleanProperty noteMode = new SimpleBooleanProperty(false);
    private final BooleanProperty windowOpen = new SimpleBooleanProperty(true);
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty sending = new SimpleBooleanProperty(false);
    private final ObservableList<CannedSuggestion> suggestions = FXCollections.observableArrayList();

    private final InboxApi client;
    private final UiExecutor ui;
    private final Clock clock;

    public ChatViewModel(InboxApi client, UiExecutor ui, Clock clock) {
        this.client = client;
        this.ui = ui;
        this.clock = clock;
    }

    public void open(Conversation selected) {
        conversation.set(selected);
        messages.clear();
        error.set("");
        draft.set("");
        suggestions.clear();
        refreshWindow();
        if (selected == null) {
            return;
        }
        long id = selected.id();
        ui.run(() -> client.messages(id, null).items(), page -> {
            if (conversation.get() != null && conversation.get().id() == id) {
                messages.setAll(page);
            }
        }, failure -> error.set(failure.getMessage()));
        ui.run(() -> {
            client.markRead(id);
            return null;
        }, ignored -> {
        }, failure -> {
        });
    }

    /** Sends the draft as a WhatsApp message, or as a private note in note mode. Enter in the composer. */
    public void send() {
        Conversation current = conversation.get();
        String text = draft.get() == null ? "" : draft.get().strip();
        if (current == null || text.isEmpty() || sending.get()) {
            return;
        }
        boolean note = noteMode.get();
        if (!note && !windowOpen.get()) {
            error.set("The 24-hour window is closed: only an approved template can be sent until the customer writes again.");
            return;
        }
        sending.set(true);
        error.set("");
        ui.run(() -> note ? client.note(current.id(), text)
                        : client.send(current.id(), new MessageRequest("text", text, false, null, null, null, null, null)),
                sent -> {
                    sending.set(false);
                    draft.set("");
                    apply(sent);
                }, failure -> {
                    sending.set(false);
                    error.set(failure.getMessage());
                });
    }

    /**
     * Uploads a file and sends it as the message type WhatsApp takes it as (image, video, audio,
     * document); the draft, if any, goes along as its caption. The server names what it refuses.
     */
    public void sendFile(Path file) {
        Conversation current = conversation.get();
        if (current == null || sending.get()) {
            return;
        }
        if (!windowOpen.get()) {
            error.set("The 24-hour window is closed: files can be sent once the customer writes again.");
            return;
        }
        String caption = draft.get() == null ? "" : draft.get().strip();
        sending.set(true);
        error.set("");
        ui.run(() -> {
            JsonNode upload = client.upload(file, mimeType(file));
            String type = upload.path("type").asText();
            ObjectNode media = JsonNodeFactory.instance.objectNode()
                    .put("uploadId", upload.path("id").asLong())
                    .put("filename", file.getFileName().toString());
            if (!caption.isEmpty() && !type.equals("audio") && !type.equals("sticker")) {
                media.put("caption", caption);
            }
            return client.send(current.id(), new MessageRequest(type, null, null, null, media, null, null, null));
        }, sent -> {
            sending.set(false);
            if (!caption.isEmpty() && caption.equals(sent.text())) {
                draft.set("");
            }
            apply(sent);
        }, failure -> {
            sending.set(false);
            error.set(failure.getMessage());
        });
    }

    static String mimeType(Path file) throws IOException {
        String probed = Files.probeContentType(file);
        if (probed == null) {
            probed = URLConnection.guessContentTypeFromName(file.getFileName().toString());
        }
        return probed != null ? probed : "application/octet-stream";
    }

    /**
     * Canned responses for a draft that is a {@code /shortcut} being typed, rendered for this
     * conversation's contact; an empty list otherwise.
     */
    public void suggestCanned(String text) {
        Conversation current = conversation.get();
        if (current == null || text == null || !text.matches("/[\\w-]*")) {
            suggestions.clear();
            return;
        }
        String prefix = text.substring(1);
        long id = current.id();
        ui.run(() -> client.cannedResponses(prefix, id), items -> {
            if (!text.equals(draft.get())) {
                return;
            }
            List<CannedSuggestion> found = new ArrayList<>();
            items.forEach(item -> found.add(new CannedSuggestion(item.path("shortcut").asText(),
                    item.path("rendered").asText(item.path("text").asText()))));
            suggestions.setAll(found);
        }, failure -> suggestions.clear());
    }

    /** Puts a canned response in the composer, for the agent to adjust and send. */
    public void useCanned(CannedSuggestion suggestion) {
        suggestions.clear();
        draft.set(suggestion.text());
    }

    /** A canned response offered for a {@code /shortcut}. */
    public record CannedSuggestion(String shortcut, String text) {
    }

    /** Fetches and decodes a picture in the background, scaled to {@code width} (a phone photo at full size costs tens of MB). */
    public void loadImage(long mediaId, double width, Consumer<Image> onLoaded, Consumer<Throwable> onFailure) {
        ui.run(() -> new Image(new ByteArrayInputStream(client.media(mediaId)), width, 0, true, true), onLoaded, onFailure);
    }

    /**
     * Saves a message's file under the agent's downloads ({@code ~/Downloads/Parley}) and hands back
     * where it went, for the system to open.
     */
    public void download(Message message, Consumer<Path> onSaved) {
        if (message.media() == null) {
            return;
        }
        ui.run(() -> {
            byte[] bytes = client.media(message.media().id());
            Path dir = Path.of(System.getProperty("user.home"), "Downloads", "Parley");
            Files.createDirectories(dir);
            Path target = dir.resolve(safeFilename(message));
            Files.write(target, bytes);
            return target;
        }, onSaved, failure -> error.set("The file could not be downloaded: " + failure.getMessage()));
    }

    static String safeFilename(Message message) {
        String name = message.media().filename();
        if (name == null || name.isBlank()) {
            name = message.type() + "-" + message.id() + extension(message.media().mimeType());
        }
        // A name from a customer's phone must not climb out of the downloads folder.
        return message.id() + "-" + name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_");
    }

    private static String extension(String mimeType) {
        if (mimeType == null) {
            return "";
        }
        return switch (mimeType.split(";")[0].strip()) {
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            case "image/webp" -> ".webp";
            case "video/mp4" -> ".mp4";
            case "audio/ogg" -> ".ogg";
            case "audio/mpeg" -> ".mp3";
            case "application/pdf" -> ".pdf";
            default -> "";
        };
    }

    /** The message a reply quotes, if it is among the loaded ones. */
    public Optional<Message> quoted(Message reply) {
        if (reply.replyTo() == null) {
            return Optional.empty();
        }
        return messages.stream().filter(m -> m.id() == reply.replyTo()).findFirst();
    }

    public ObservableList<CannedSuggestion> suggestions() {
        return suggestions;
    }

    /**
     * Changes the open conversation (status, snoozedUntil, assigneeId, priority, labels); a null value
     * clears, e.g. unassigns. The result, and everyone else's view, arrives as the changed conversation.
     */
    public void update(Map<String, Object> changes) {
        Conversation current = conversation.get();
        if (current == null) {
            return;
        }
        error.set("");
        ui.run(() -> client.updateConversation(current.id(), new HashMap<>(changes)), this::apply,
                failure -> error.set(failure.getMessage()));
    }

    public void snooze(Instant until) {
        Map<String, Object> changes = new HashMap<>();
        changes.put("status", "SNOOZED");
        changes.put("snoozedUntil", until.toString());
        update(changes);
    }

    /** Labels as the agent typed them: comma-separated, trimmed, without repeats. */
    public void setLabels(String typed) {
        List<String> labels = typed == null ? List.of() : Arrays.stream(typed.split(","))
                .map(String::strip).filter(l -> !l.isEmpty()).distinct().toList();
        update(Map.of("labels", labels));
    }

    /** Loads the organisation's templates for the picker. */
    public void loadTemplates(Consumer<List<Template>> onLoaded) {
        ui.run(client::templates, onLoaded, failure -> error.set(failure.getMessage()));
    }

    /** Sends a template message (allowed outside the 24-hour window). */
    public void sendTemplate(MessageRequest request) {
        Conversation current = conversation.get();
        if (current == null) {
            return;
        }
        sending.set(true);
        error.set("");
        ui.run(() -> client.send(current.id(), request), sent -> {
            sending.set(false);
            apply(sent);
        }, failure -> {
            sending.set(false);
            error.set(failure.getMessage());
        });
    }

    /** A message event (new or changed): added or replaced in place when it belongs here. */
    public void apply(Message message) {
        Conversation current = conversation.get();
        if (current == null || message.conversationId() != current.id()) {
            return;
        }
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).id() == message.id()) {
                messages.set(i, message);
                return;
            }
        }
        messages.add(message);
    }

    /** A conversation event: keeps the header and the window state current. */
    public void apply(Conversation changed) {
        if (conversation.get() != null && conversation.get().id() == changed.id()) {
            conversation.set(changed);
            refreshWindow();
        }
    }

    private void refreshWindow() {
        Conversation c = conversation.get();
        Instant expires = c == null ? null : c.windowExpiresAt();
        windowOpen.set(expires != null && expires.isAfter(clock.instant()));
    }

    public ObservableList<Message> messages() {
        return messages;
    }

    public ObjectProperty<Conversation> conversationProperty() {
        return conversation;
    }

    public StringProperty draftProperty() {
        return draft;
    }

    public BooleanProperty noteModeProperty() {
        return noteMode;
    }

    public BooleanProperty windowOpenProperty() {
        return windowOpen;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty sendingProperty() {
        return sending;
    }
}
