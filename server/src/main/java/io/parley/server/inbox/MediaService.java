package io.parley.server.inbox;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.error.BadRequestException;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.error.PayloadTooLargeException;
import io.parley.server.platform.error.UnsupportedMediaTypeException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.PathIds;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * {@code /api/v1/media}: agents upload files to send ({@code POST}), and read a message's file
 * ({@code GET /{id}}) — members of its organisation only.
 */
public final class MediaService implements HttpService {
    private final Database db;
    private final Json json;
    private final MediaRepository media;
    private final Path mediaDir;

    public MediaService(Database db, Json json, MediaRepository media, Path mediaDir) {
        this.db = db;
        this.json = json;
        this.media = media;
        this.mediaDir = mediaDir;
    }

    /** Where a stored file lives, for uploads and for files fetched from a provider alike. */
    public static Path file(Path mediaDir, long orgId, long mediaId) {
        return mediaDir.resolve(Long.toString(orgId)).resolve(Long.toString(mediaId));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", Access.member(this::upload))
                .get("/{id}", Access.member(this::download));
    }

    /**
     * Raw file body with its Content-Type ({@code ?filename=} names it). Refused with 415 for a type
     * WhatsApp does not take and 413 past WhatsApp's limit for that type, before it is kept.
     */
    private void upload(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        String mime = req.headers().contentType().map(type -> type.mediaType().text()).orElse(null);
        MediaKinds.Kind kind = MediaKinds.of(mime).orElseThrow(() -> new UnsupportedMediaTypeException(
                "WhatsApp does not take " + (mime == null ? "files without a Content-Type" : mime)
                        + "; send JPEG/PNG images, MP4/3GPP video, AAC/AMR/MP3/MP4/OGG audio, WebP stickers or"
                        + " PDF/Office/text documents."));
        if (req.headers().contentLength().orElse(0) > kind.maxBytes()) {
            throw tooLarge(kind);
        }
        String filename = req.query().first("filename").map(String::strip).filter(f -> !f.isEmpty())
                .map(f -> f.length() > 200 ? f.substring(0, 200) : f).orElse(null);
        Path dir = mediaDir.resolve(Long.toString(principal.orgId()));
        Path partial;
        long size;
        String sha256;
        try {
            Files.createDirectories(dir);
            partial = Files.createTempFile(dir, "upload-", ".part");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(req.content().inputStream(), digest);
                 OutputStream out = Files.newOutputStream(partial)) {
                size = copyAtMost(in, out, kind.maxBytes());
            }
            sha256 = Base64.getEncoder().encodeToString(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (size < 0) {
            deleteQuietly(partial);
            throw tooLarge(kind);
        }
        if (size == 0) {
            deleteQuietly(partial);
            throw new BadRequestException("The file is empty.");
        }
        long fileSize = size;
        long id = db.inOrg(principal.orgId(), tx -> {
            long mediaId = media.insertUpload(tx, mime, fileSize, filename, sha256);
            Path file = file(mediaDir, principal.orgId(), mediaId);
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            media.stored(tx, mediaId, file.toString(), fileSize, mime);
            return mediaId;
        });
        json.send(res, Status.CREATED_201, Map.of("id", id, "type", kind.messageType(), "mimeType", mime,
                "fileSize", fileSize, "filename", filename == null ? "" : filename, "url", "/api/v1/media/" + id));
    }

    /** Copies up to {@code max} bytes; -1 when there was more. */
    private static long copyAtMost(InputStream in, OutputStream out, long max) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > max) {
                return -1;
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static PayloadTooLargeException tooLarge(MediaKinds.Kind kind) {
        return new PayloadTooLargeException("WhatsApp takes " + kind.messageType() + " files of at most "
                + (kind.maxBytes() / 1024) + " KB.");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover .part file is harmless; the next upload uses a new name
        }
    }

    private void download(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "media");
        MediaRepository.StoredMedia m = db.inOrg(principal.orgId(), tx -> media.byId(tx, id))
                .orElseThrow(() -> new NotFoundException("No media with id " + id + "."));
        Path file = file(mediaDir, principal.orgId(), id);
        if (!"STORED".equals(m.status()) || !Files.isRegularFile(file)) {
            throw new NotFoundException("Media " + id + " is " + ("FAILED".equals(m.status())
                    ? "not available: WhatsApp could not deliver the file." : "still being downloaded."));
        }
        res.header(HeaderNames.CONTENT_TYPE, m.mimeType() == null ? "application/octet-stream" : m.mimeType());
        res.header(HeaderNames.CONTENT_DISPOSITION, "inline; filename=\"" + safeName(m) + "\"");
        res.header("X-Content-Type-Options", "nosniff");
        try {
            res.header(HeaderNames.CONTENT_LENGTH, Long.toString(Files.size(file)));
            try (InputStream in = Files.newInputStream(file); OutputStream out = res.outputStream()) {
                in.transferTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String safeName(MediaRepository.StoredMedia m) {
        String name = m.filename() == null ? "media-" + m.id() : m.filename();
        return name.replaceAll("[^A-Za-z0-9._ -]", "_");
    }
}
