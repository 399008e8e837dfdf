package io.parley.server.org;

import io.helidon.dbclient.DbRow;
import io.parley.model.identity.Team;
import io.parley.server.platform.db.Tx;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code team} and {@code team_member} tables. */
public final class TeamRepository {

    public List<Team> list(Tx tx) {
        Map<Long, List<Long>> members = members(tx, null);
        return Tx.list(tx.query("SELECT id, name FROM team WHERE org_id = :org ORDER BY lower(name), id")
                .addParam("org", tx.orgId()), row -> team(row, members));
    }

    public Optional<Team> byId(Tx tx, long id) {
        Map<Long, List<Long>> members = members(tx, id);
        return Tx.one(tx.get("SELECT id, name FROM team WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId())
                .addParam("id", id), row -> team(row, members));
    }

    public long insert(Tx tx, String name) {
        return tx.get("INSERT INTO team (org_id, name) VALUES (:org, :name) RETURNING id")
                .addParam("org", tx.orgId())
                .addParam("name", name)
                .execute().orElseThrow().column("id").getLong();
    }

    public void rename(Tx tx, long id, String name) {
        tx.dml("UPDATE team SET name = :name WHERE org_id = :org AND id = :id")
                .addParam("name", name)
                .addParam("org", tx.orgId())
                .addParam("id", id)
                .execute();
    }

    public void replaceMembers(Tx tx, long teamId, List<Long> userIds) {
        tx.dml("DELETE FROM team_member WHERE org_id = :org AND team_id = :team")
                .addParam("org", tx.orgId())
                .addParam("team", teamId)
                .execute();
        tx.dml("INSERT INTO team_member (org_id, team_id, user_id) SELECT :org, :team, u FROM unnest(:users) AS u"
                        + " ON CONFLICT DO NOTHING")
                .addParam("org", tx.orgId())
                .addParam("team", teamId)
                .addParam("users", userIds.toArray(Long[]::new))
                .execute();
    }

    public boolean delete(Tx tx, long id) {
        return tx.dml("DELETE FROM team WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId())
                .addParam("id", id)
                .execute() == 1;
    }

    private static Map<Long, List<Long>> members(Tx tx, Long teamId) {
        record Member(long teamId, long userId) {
        }
        return Tx.list(tx.query("SELECT team_id, user_id FROM team_member WHERE org_id = :org"
                                + " AND (CAST(:team AS bigint) IS NULL OR team_id = :team) ORDER BY user_id")
                        .addParam("org", tx.orgId())
                        .addParam("team", teamId),
                        row -> new Member(row.column("team_id").getLong(), row.column("user_id").getLong()))
                .stream()
                .collect(Collectors.groupingBy(Member::teamId, Collectors.mapping(Member::userId, Collectors.toList())));
    }

    private static Team team(DbRow row, Map<Long, List<Long>> members) {
        long id = row.column("id").getLong();
        return new Team(id, row.column("name").getString(), members.getOrDefault(id, List.of()));
    }
}
