package io.parley.model.inbox;

/**
 * A message's file. {@code url} is the Parley path that serves it once stored
 * ({@code /api/v1/media/{id}}); {@code status} is PENDING while it is being fetched.
 */
public record Media(long id, String mimeType, String filename, Long fileSize, String sha256, String status,
                    String url) {
}
