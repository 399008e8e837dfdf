package io.parley.server.inbox;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * WhatsApp's accepted media types and size limits per message type (Cloud API media reference):
 * images 5 MB, audio and video 16 MB, stickers 500 KB, documents 100 MB.
 */
public final class MediaKinds {
    private static final long MB = 1024L * 1024;

    /** What a MIME type can be sent as, and how large it may be. */
    public record Kind(String messageType, long maxBytes) {
    }

    private static final Map<String, Kind> BY_MIME = Map.ofEntries(
            Map.entry("image/jpeg", new Kind("image", 5 * MB)),
            Map.entry("image/png", new Kind("image", 5 * MB)),
            Map.entry("image/webp", new Kind("sticker", 500 * 1024)),
            Map.entry("video/mp4", new Kind("video", 16 * MB)),
            Map.entry("video/3gpp", new Kind("video", 16 * MB)),
            Map.entry("audio/aac", new Kind("audio", 16 * MB)),
            Map.entry("audio/amr", new Kind("audio", 16 * MB)),
            Map.entry("audio/mpeg", new Kind("audio", 16 * MB)),
            Map.entry("audio/mp4", new Kind("audio", 16 * MB)),
            Map.entry("audio/ogg", new Kind("audio", 16 * MB)),
            Map.entry("text/plain", new Kind("document", 100 * MB)),
            Map.entry("application/pdf", new Kind("document", 100 * MB)),
            Map.entry("application/msword", new Kind("document", 100 * MB)),
            Map.entry("application/vnd.ms-excel", new Kind("document", 100 * MB)),
            Map.entry("application/vnd.ms-powerpoint", new Kind("document", 100 * MB)),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", new Kind("document", 100 * MB)),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", new Kind("document", 100 * MB)),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", new Kind("document", 100 * MB)));

    /** The largest file any kind allows: the upload route's hard cap. */
    public static final long MAX_BYTES = 100 * MB;

    private MediaKinds() {
    }

    public static Optional<Kind> of(String mimeType) {
        if (mimeType == null) {
            return Optional.empty();
        }
        String bare = mimeType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(BY_MIME.get(bare));
    }

    /** A document may be sent as a document whatever its kind; other kinds only as themselves. */
    public static boolean sendableAs(Kind kind, String messageType) {
        return kind.messageType().equals(messageType) || "document".equals(messageType);
    }
}
