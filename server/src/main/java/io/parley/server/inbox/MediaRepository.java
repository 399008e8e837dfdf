package io.parley.server.inbox;

import io.helidon.dbclient.DbRow;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;

import java.util.Optional;

/** The {@code media} table: files of messages, fetched from the provider and kept under the data directory. */
public final class MediaRepository {

    /** A media row as the fetcher and the download route need it. */
    public record StoredMedia(long id, Long messageId, Long channelId, String providerMediaId, String link,
                              String mimeType, String sha256, Long fileSize, String filename, String path, String status) {
    }

    public long insertInbound(Tx tx, long messageId, long channelId, InboundMessage.InboundMedia m) {
        return tx.get("INSERT INTO media (org_id, message_id, channel_id, provider_media_id, link, mime_type, sha256,"
                        + " filename, status) VALUES (:org, :message, :channel, :providerId, :link, :mime, :sha, :filename,"
                        + " 'PENDING') RETURNING id")
                .addParam("org", tx.orgId())
                .addParam("message", messageId)
                .addParam("channel", channelId)
                .addParam("providerId", m.providerMediaId())
                .addParam("link", m.url())
                .addParam("mime", m.mimeType())
                .addParam("sha", m.sha256())
                .addParam("filename", m.filename())
                .execute().orElseThrow().column("id").getLong();
    }

    /** An agent's file, stored and waiting for a message to carry it. */
    public long insertUpload(Tx tx, String mimeType, long size, String filename, String sha256) {
        return tx.get("INSERT INTO media (org_id, kind, mime_type, file_size, filename, sha256, status)"
                        + " VALUES (:org, 'upload', :mime, :size, :filename, :sha, 'PENDING') RETURNING id")
                .addParam("org", tx.orgId()).addParam("mime", mimeType).addParam("size", size)
                .addParam("filename", filename).addParam("sha", sha256)
                .execute().orElseThrow().column("id").getLong();
    }

    /** An upload no message uses yet. */
    public Optional<StoredMedia> freeUpload(Tx tx, long id) {
        return Tx.one(tx.get("SELECT id, message_id, channel_id, provider_media_id, link, mime_type, sha256, file_size,"
                + " filename, path, status FROM media WHERE org_id = :org AND id = :id AND kind = 'upload'"
                + " AND message_id IS NULL AND status = 'STORED'")
                .addParam("org", tx.orgId()).addParam("id", id), MediaRepository::media);
    }

    public void attach(Tx tx, long mediaId, long messageId) {
        tx.dml("UPDATE media SET message_id = :message WHERE org_id = :org AND id = :id AND message_id IS NULL")
                .addParam("message", messageId).addParam("org", tx.orgId()).addParam("id", mediaId).execute();
    }

    public Optional<StoredMedia> byId(Tx tx, long id) {
        return Tx.one(tx.get("SELECT id, message_id, channel_id, provider_media_id, link, mime_type, sha256, file_size,"
                + " filename, path, status FROM media WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId()).addParam("id", id), MediaRepository::media);
    }

    public void stored(Tx tx, long id, String path, long size, String mimeType) {
        tx.dml("UPDATE media SET status = 'STORED', path = :path, file_size = :size, mime_type = COALESCE(:mime, mime_type),"
                        + " error = NULL WHERE org_id = :org AND id = :id")
                .addParam("path", path).addParam("size", size).addParam("mime", mimeType)
                .addParam("org", tx.orgId()).addParam("id", id).execute();
    }

    public void failed(Tx tx, long id, String error) {
        tx.dml("UPDATE media SET status = 'FAILED', error = :error WHERE org_id = :org AND id = :id")
                .addParam("error", error).addParam("org", tx.orgId()).addParam("id", id).execute();
    }

    private static StoredMedia media(DbRow row) {
        return new StoredMedia(row.column("id").getLong(), Rows.longOrNull(row, "message_id"),
                Rows.longOrNull(row, "channel_id"), Rows.string(row, "provider_media_id"), Rows.string(row, "link"),
                Rows.string(row, "mime_type"), Rows.string(row, "sha256"), Rows.longOrNull(row, "file_size"),
                Rows.string(row, "filename"), Rows.string(row, "path"), row.column("status").getString());
    }
}
