package io.parley.server.inbox;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.http.PathIds;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code GET /api/v1/media/{id}}: a message's file, to members of its organisation only. */
public final class MediaService implements HttpService {
    private final Database db;
    private final MediaRepository media;
    private final Path mediaDir;

    public MediaService(Database db, MediaRepository media, Path mediaDir) {
        this.db = db;
        this.media = media;
        this.mediaDir = mediaDir;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}", Access.member(this::download));
    }

    private void download(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "media");
        MediaRepository.StoredMedia m = db.inOrg(principal.orgId(), tx -> media.byId(tx, id))
                .orElseThrow(() -> new NotFoundException("No media with id " + id + "."));
        Path file = MediaFetcher.file(mediaDir, principal.orgId(), id);
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
