package io.parley.desktop.inbox;

import javafx.scene.image.Image;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decoded chat pictures by media id, so that scrolling back does not fetch them again. Bounded:
 * the least recently shown go first. Used on the FX thread only.
 */
final class ImageCache {
    private static final int MAX_IMAGES = 200;
    private static final double THUMBNAIL_WIDTH = 480;

    private final Map<Long, Image> images = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Image> eldest) {
            return size() > MAX_IMAGES;
        }
    };
    private final Map<Long, List<Consumer<Image>>> waiting = new HashMap<>();

    void get(long mediaId, ChatViewModel chat, Consumer<Image> onReady) {
        Image known = images.get(mediaId);
        if (known != null) {
            onReady.accept(known);
            return;
        }
        List<Consumer<Image>> callbacks = waiting.get(mediaId);
        if (callbacks != null) {
            callbacks.add(onReady);
            return;
        }
        callbacks = new ArrayList<>(List.of(onReady));
        waiting.put(mediaId, callbacks);
        chat.loadImage(mediaId, THUMBNAIL_WIDTH, image -> {
            images.put(mediaId, image);
            waiting.remove(mediaId).forEach(c -> c.accept(image));
        }, failure -> waiting.remove(mediaId));
    }
}
