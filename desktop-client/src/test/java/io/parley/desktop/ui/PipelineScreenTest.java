package io.parley.desktop.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.model.crm.Contact;
import io.parley.model.identity.User;
import io.parley.server.testing.Api;
import io.parley.server.testing.Eventually;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Pipeline workspace end to end: a column per stage with its count, a card dragged to another
 * stage (saved on the server, on the timeline), a move the server refuses rolled back with the
 * reason, filters by owner and tag, and ten thousand contacts paged per column.
 */
class PipelineScreenTest extends DesktopUiTestSupport {

    @Test
    void aCardDraggedToAnotherStageMovesThereAndARefusedMoveGoesBack() {
        Member owner = registerOrg("Pipeline screen");
        Member agent = addMember(owner, "AGENT");
        Map<String, Long> stages = stages(owner);
        List<Long> leads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            leads.add(contact(owner, "Lead person " + i, "+4915112360" + (100 + i), i == 0 ? List.of("vip") : List.of()));
        }
        long longName = contact(owner, "Maximiliane Wolkenstein-Rabensberg von und zu Hohenlohe-Schillingsfürst",
                "+4915112360200", List.of("wholesale", "returning", "vip"));
        bulk(owner, leads, "stageId", stages.get("Lead"));
        bulk(owner, List.of(longName), "stageId", stages.get("Qualified"));
        bulk(owner, List.of(leads.get(1), longName), "ownerId", agent.userId());

        signIn(owner);
        robot.clickOn("#nav-pipeline");
        waitUntil("the board", () -> cards(stages.get("Lead")).getItems().size() == 4);
        assertThat(count(stages.get("Lead"))).isEqualTo("4");
        assertThat(count(stages.get("Qualified"))).isEqualTo("1");
        screenshot("pipeline-board");

        long moved = leads.getFirst();
        robot.drag("#card-" + moved).dropTo("#column-" + stages.get("Qualified"));
        waitUntil("the card in its new column", () -> cards(stages.get("Qualified")).getItems().stream().anyMatch(c -> c.id() == moved)
                && notice().contains("moved to Qualified"));
        assertThat(count(stages.get("Lead"))).isEqualTo("3");
        assertThat(count(stages.get("Qualified"))).isEqualTo("2");
        waitUntil("saved on the server", () -> api.get("/api/v1/contacts/" + moved, owner.accessToken()).json()
                .get("stageId").asLong() == stages.get("Qualified"));
        assertThat(api.get("/api/v1/contacts/" + moved + "/activities", owner.accessToken()).body())
                .contains("Stage: Lead → Qualified");
        screenshot("pipeline-moved");

        // The Proposal stage goes on the server while the board still shows it: the move is refused.
        Api.Response deleted = api.delete("/api/v1/stages/" + stages.get("Proposal"), owner.accessToken());
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        long refused = leads.get(2);
        robot.drag("#card-" + refused).dropTo("#column-" + stages.get("Proposal"));
        waitUntil("the card back in Lead", () -> notice().startsWith("Could not move Lead person 2 to Proposal")
                && cards(stages.get("Lead")).getItems().stream().anyMatch(c -> c.id() == refused));
        assertThat(cards(stages.get("Proposal")).getItems()).isEmpty();
        assertThat(count(stages.get("Lead"))).isEqualTo("3");
        assertThat(count(stages.get("Proposal"))).isEqualTo("0");
        screenshot("pipeline-refused");

        robot.interact(() -> robot.lookup("#ownerFilter").queryAs(ComboBox.class).getSelectionModel()
                .select(agentIndex(agent)));
        waitUntil("the agent's contacts only", () -> cards(stages.get("Lead")).getItems().size() == 1
                && count(stages.get("Qualified")).equals("1"));
        assertThat(cards(stages.get("Qualified")).getItems().getFirst().id()).isEqualTo(longName);
        screenshot("pipeline-owner-filter");
    }

    @Test
    void tenThousandContactsOnTheBoardArePagedPerColumn() {
        Member owner = registerOrg("Busy pipeline");
        StringBuilder csv = new StringBuilder("phone,name,stage\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append("+49151").append(30_000_000 + i).append(",Board person ").append(i).append(',')
                    .append(i % 10 == 0 ? "Won" : "Lead").append('\n');
        }
        Api.Response started = api.multipart("/api/v1/contacts/import", "board.csv", csv.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("options", obj("mapping", obj("phone", "phone", "name", "name", "stage", "stage")).toString()),
                owner.accessToken());
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String path = "/api/v1/contacts/imports/" + started.json().get("id").asLong();
        Eventually.await("the import", Duration.ofSeconds(60),
                () -> api.get(path, owner.accessToken()).json().get("status").asText().equals("DONE"));
        Map<String, Long> stages = stages(owner);

        signIn(owner);
        robot.clickOn("#openPreferences");
        waitUntil("the settings window", () -> robot.lookup("#preferences").tryQuery().isPresent());
        robot.clickOn("#themeDark");
        robot.interact(() -> robot.lookup("#preferences").query().getScene().getWindow().hide());
        robot.clickOn("#nav-pipeline");
        waitUntil("the first cards of each column", () -> cards(stages.get("Lead")).getItems().size() == 40
                && cards(stages.get("Won")).getItems().size() == 40);
        assertThat(count(stages.get("Lead"))).isEqualTo("9,000");
        assertThat(count(stages.get("Won"))).isEqualTo("1,000");
        assertThat(cards(stages.get("Lost")).getItems()).isEmpty();
        screenshot("pipeline-10k-dark");

        robot.interact(() -> cards(stages.get("Lead")).scrollTo(39));
        waitUntil("the next page of the Lead column", () -> cards(stages.get("Lead")).getItems().size() >= 80);
        assertThat(cards(stages.get("Won")).getItems()).as("other columns load on their own").hasSize(40);
    }

    private int agentIndex(Member agent) {
        @SuppressWarnings("unchecked")
        ComboBox<User> filter =
                robot.lookup("#ownerFilter").queryAs(ComboBox.class);
        for (int i = 0; i < filter.getItems().size(); i++) {
            if (filter.getItems().get(i).id() == agent.userId()) {
                return i;
            }
        }
        throw new AssertionError("the agent is not in the owner filter");
    }

    private Map<String, Long> stages(Member owner) {
        Map<String, Long> byName = new HashMap<>();
        for (JsonNode stage : api.get("/api/v1/stages", owner.accessToken()).json().get("items")) {
            byName.put(stage.get("name").asText(), stage.get("id").asLong());
        }
        return byName;
    }

    private long contact(Member owner, String name, String phone, List<String> tags) {
        Api.Response res = api.post("/api/v1/contacts", obj("name", name, "phone", phone, "tags", tags), owner.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
        return res.json().get("id").asLong();
    }

    private void bulk(Member owner, List<Long> ids, String field, long value) {
        Api.Response res = api.post("/api/v1/contacts/bulk", obj("ids", ids, field, value), owner.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    private ListView<Contact> cards(long stageId) {
        return robot.lookup("#cards-" + stageId).queryAs(ListView.class);
    }

    private String count(long stageId) {
        return robot.lookup("#count-" + stageId).queryAs(Label.class).getText();
    }

    private String notice() {
        return robot.lookup("#pipelineNotice").queryAs(Label.class).getText();
    }
}
