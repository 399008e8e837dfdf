package io.parley.server.channel;

import io.helidon.dbclient.DbRow;
import io.parley.model.channel.Provider;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code channel} table. Secrets are stored sealed (AES-GCM); see {@link ChannelSecrets}. */
public final class ChannelRepository {
    private static final String COLUMNS = "org_id, id, name, provider, phone_number_id, waba_id, display_phone_number,"
            + " access_token_sealed, app_secret_sealed, verify_token_sealed, verify_token_hash, graph_base_url, messages_per_second, team_id, created_at";

    /** Fields of a new channel; secrets are sealed after the id is known (they are bound to it). */
    public record NewChannel(String name, Provider provider, String phoneNumberId, String wabaId,
                             String displayPhoneNumber, String graphBaseUrl, int messagesPerSecond) {
    }

    public long insert(Tx tx, NewChannel c) {
        return tx.get("INSERT INTO channel (org_id, name, provider, phone_number_id, waba_id, display_phone_number,"
                        + " graph_base_url, messages_per_second) VALUES (:org, :name, :provider, :phone, :waba, :display,"
                        + " :graph, :mps) RETURNING id")
                .addParam("org", tx.orgId())
                .addParam("name", c.name())
                .addParam("provider", c.provider().wire())
                .addParam("phone", c.phoneNumberId())
                .addParam("waba", c.wabaId())
                .addParam("display", c.displayPhoneNumber())
                .addParam("graph", c.graphBaseUrl())
                .addParam("mps", c.messagesPerSecond())
                .execute().orElseThrow().column("id").getLong();
    }

    public void update(Tx tx, StoredChannel c) {
        tx.dml("UPDATE channel SET name = :name, phone_number_id = :phone, waba_id = :waba, display_phone_number = :display,"
                        + " access_token_sealed = :token, app_secret_sealed = :secret, verify_token_sealed = :verify,"
                        + " verify_token_hash = :verifyHash, graph_base_url = :graph, messages_per_second = :mps, team_id = :team,"
                        + " updated_at = now() WHERE org_id = :org AND id = :id")
                .addParam("name", c.name())
                .addParam("phone", c.phoneNumberId())
                .addParam("waba", c.wabaId())
                .addParam("display", c.displayPhoneNumber())
                .addParam("token", c.accessTokenSealed())
                .addParam("secret", c.appSecretSealed())
                .addParam("verify", c.verifyTokenSealed())
                .addParam("verifyHash", c.verifyTokenHash())
                .addParam("graph", c.graphBaseUrl())
                .addParam("mps", c.messagesPerSecond())
                .addParam("team", c.teamId())
                .addParam("org", tx.orgId())
                .addParam("id", c.id())
                .execute();
    }

    public Optional<StoredChannel> byId(Tx tx, long id) {
        return Tx.one(tx.get("SELECT " + COLUMNS + " FROM channel WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId())
                .addParam("id", id), ChannelRepository::channel);
    }

    /** The org's channels among the ids, by id. */
    public Map<Long, StoredChannel> byIds(Tx tx, Collection<Long> ids) {
        return Tx.list(tx.query("SELECT " + COLUMNS + " FROM channel WHERE org_id = :org AND id = ANY(:ids)")
                        .addParam("org", tx.orgId()).addParam("ids", ids.toArray(Long[]::new)), ChannelRepository::channel)
                .stream().collect(Collectors.toMap(StoredChannel::id, c -> c));
    }

    public List<StoredChannel> list(Tx tx) {
        return Tx.list(tx.query("SELECT " + COLUMNS + " FROM channel WHERE org_id = :org ORDER BY id")
                .addParam("org", tx.orgId()), ChannelRepository::channel);
    }

    /** In a lookup transaction keyed by the phone number id. */
    public Optional<StoredChannel> byPhoneNumberId(Tx tx, String phoneNumberId) {
        return Tx.one(tx.get("SELECT " + COLUMNS + " FROM channel WHERE phone_number_id = :phone")
                .addParam("phone", phoneNumberId), ChannelRepository::channel);
    }

    /** In a lookup transaction keyed by the WABA id: every channel of that business account. */
    public List<StoredChannel> byWabaId(Tx tx, String wabaId) {
        return Tx.list(tx.query("SELECT " + COLUMNS + " FROM channel WHERE waba_id = :waba ORDER BY org_id, id")
                .addParam("waba", wabaId), ChannelRepository::channel);
    }

    /** In a lookup transaction keyed by the verify token's hash. */
    public boolean verifyTokenExists(Tx tx, String verifyTokenHash) {
        return tx.get("SELECT EXISTS (SELECT 1 FROM channel WHERE verify_token_hash = :hash) AS found")
                .addParam("hash", verifyTokenHash)
                .execute().orElseThrow().column("found").getBoolean();
    }

    public boolean delete(Tx tx, long id) {
        return tx.dml("DELETE FROM channel WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId())
                .addParam("id", id)
                .execute() == 1;
    }

    private static StoredChannel channel(DbRow row) {
        return new StoredChannel(row.column("org_id").getLong(), row.column("id").getLong(),
                row.column("name").getString(), Provider.fromWire(row.column("provider").getString()),
                row.column("phone_number_id").getString(), Rows.string(row, "waba_id"),
                Rows.string(row, "display_phone_number"), Rows.string(row, "access_token_sealed"),
                Rows.string(row, "app_secret_sealed"), Rows.string(row, "verify_token_sealed"),
                Rows.string(row, "verify_token_hash"),
                Rows.string(row, "graph_base_url"), row.column("messages_per_second").getInt(),
                Rows.longOrNull(row, "team_id"), Rows.instant(row, "created_at"));
    }
}
