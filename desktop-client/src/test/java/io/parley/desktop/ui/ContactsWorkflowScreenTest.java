package io.parley.desktop.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.desktop.crm.ImportWizardViewModel;
import io.parley.desktop.crm.SegmentBuilderViewModel;
import io.parley.model.crm.Contact;
import io.parley.model.crm.Segment;
import io.parley.server.testing.Api;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Contacts workspace's bigger jobs end to end: the import wizard with a real file (mapping,
 * options, live progress, rejected rows saved), the condition builder saving a segment, bulk
 * actions on a selection, and a merge confirmed by the member.
 */
class ContactsWorkflowScreenTest extends DesktopUiTestSupport {

    @TempDir
    Path files;

    @Test
    void aFileIsImportedThroughTheWizardAndItsRejectedRowsAreSaved() throws IOException {
        Member owner = registerOrg("Import wizard");
        api.post("/api/v1/custom-fields", obj("key", "city", "label", "City", "type", "TEXT"), owner.accessToken());
        StringBuilder csv = new StringBuilder("Vorname;Nachname;Handy;Ort;Bemerkung\r\n");
        for (int i = 0; i < 300; i++) {
            csv.append("Kundin;Nummer ").append(i).append(";0151 ").append(24_000_000 + i).append(";Köln;\r\n");
        }
        csv.append("Kaputt;Ohne Nummer;12;Bonn;\r\n");
        Path file = files.resolve("messe-kontakte.csv");
        Files.writeString(file, csv, Charset.forName("windows-1252"));

        signIn(owner);
        robot.clickOn("#nav-contacts");
        waitUntil("the list", () -> status().equals("No contacts match."));
        robot.clickOn("#importContacts");
        waitUntil("the wizard", () -> robot.lookup("#importFile").tryQuery().isPresent());
        screenshot("import-choose", wizard());
        robot.clickOn("#importFile").write(files.resolve("missing.csv").toString());
        robot.clickOn("#next");
        waitUntil("a missing file named", () -> wizardError().startsWith("There is no file at"));
        Path broken = files.resolve("broken.csv");
        Files.writeString(broken, "phone,name\r\n+4915112340003,\"Never closed\r\n");
        robot.interact(() -> robot.lookup("#importFile").queryAs(TextField.class).setText(broken.toString()));
        robot.clickOn("#next");
        waitUntil("the server's refusal shown", () -> wizardError().contains("quoting is broken"));
        screenshot("import-refused", wizard());
        robot.interact(() -> robot.lookup("#importFile").queryAs(TextField.class).setText(file.toString()));
        robot.clickOn("#next");
        waitUntil("the mapping", () -> robot.lookup("#map-0").tryQuery().isPresent());
        assertThat(mapping(0).getValue().key()).isEqualTo("firstName");
        assertThat(mapping(1).getValue().key()).isEqualTo("lastName");
        assertThat(mapping(2).getValue().key()).isEqualTo("phone");
        assertThat(mapping(3).getValue().key()).as("Ort is not a known name").isNull();
        assertThat(robot.lookup("#fileSummary").queryAs(Label.class).getText())
                .isEqualTo("301 rows · 5 columns · CSV, windows-1252, separated by semicolons");
        robot.interact(() -> mapping(3).setValue(mapping(3).getItems().stream()
                .filter(t -> "customFields.city".equals(t.key())).findFirst().orElseThrow()));
        screenshot("import-map", wizard());
        robot.clickOn("#next");
        waitUntil("the options", () -> robot.lookup("#defaultCountry").query().isVisible());
        robot.interact(() -> robot.lookup("#defaultCountry").queryAs(TextField.class).setText("DE"));
        robot.clickOn("#addTags").write("messe-2026");
        screenshot("import-options", wizard());
        robot.clickOn("#next");
        waitUntil("the import finished", () -> robot.lookup("#runTitle").queryAs(Label.class).getText().equals("Import finished"));
        assertThat(robot.lookup("#runCounts").queryAs(Label.class).getText())
                .isEqualTo("300 created, 0 updated, 0 skipped (already known), 1 rejected — of 301 rows.");
        ListView<?> errors = robot.lookup("#errorList").queryAs(ListView.class);
        assertThat(errors.getItems()).hasSize(1);
        screenshot("import-done", wizard());

        robot.clickOn("#saveErrors");
        waitUntil("the rejected rows saved and opened", () -> !opened.isEmpty());
        Path saved = Path.of(URI.create(opened.getLast()));
        assertThat(Files.readString(saved)).contains("Kaputt").contains("Error").contains("not a phone number");
        robot.clickOn("#next");
        waitUntil("the list shows the imported contacts", () -> table().getItems().size() == 100);

        JsonNode imported = api.get("/api/v1/contacts?q=4915124000007", owner.accessToken()).json().get("items").get(0);
        assertThat(imported.get("name").asText()).isEqualTo("Kundin Nummer 7");
        assertThat(imported.get("customFields").get("city").asText()).isEqualTo("Köln");
        assertThat(imported.get("tags").toString()).contains("messe-2026");
    }

    @Test
    void aSegmentIsBuiltFromConditionsWithALiveCountAndSaved() {
        Member owner = registerOrg("Segment builder");
        api.post("/api/v1/custom-fields", obj("key", "budget", "label", "Budget", "type", "NUMBER"), owner.accessToken());
        for (int i = 0; i < 12; i++) {
            contact(owner, "Budget person " + i, "+4915112370" + (100 + i), i < 8 ? List.of("vip") : List.of(),
                    obj("budget", i * 100));
        }
        signIn(owner);
        robot.clickOn("#nav-contacts");
        waitUntil("the list", () -> table().getItems().size() == 12);
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<io.parley.model.crm.Tag> tags = robot.lookup("#tagFilter").queryAs(ComboBox.class);
            tags.getSelectionModel().select(tags.getItems().stream().filter(t -> t.name().equals("vip")).findFirst().orElseThrow());
        });
        waitUntil("the vip contacts", () -> table().getItems().size() == 8);
        robot.clickOn("#newSegment");
        waitUntil("the builder, started from the tag filter", () -> robot.lookup("#condition-value-0").tryQuery()
                .map(n -> ((ComboBox<?>) n).getValue() != null).orElse(false));
        waitUntil("the live count", () -> count().equals("8 contacts"));

        robot.clickOn("#addCondition");
        waitUntil("a second row", () -> robot.lookup("#condition-field-1").tryQuery().isPresent());
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<SegmentBuilderViewModel.Field> field = robot.lookup("#condition-field-1").queryAs(ComboBox.class);
            field.setValue(field.getItems().stream().filter(f -> f.key().equals("customFields.budget")).findFirst().orElseThrow());
        });
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<SegmentBuilderViewModel.Op> op = robot.lookup("#condition-op-1").queryAs(ComboBox.class);
            op.setValue(op.getItems().stream().filter(o -> o.key().equals("gt")).findFirst().orElseThrow());
        });
        robot.clickOn("#condition-value-1").write("350");
        waitUntil("the count of both conditions", () -> count().equals("4 contacts"));
        robot.clickOn("#segmentName").write("Big VIP budgets");
        screenshot("segment-builder", robot.lookup("#segmentBuilder").query().getScene().getRoot());
        robot.clickOn("#saveSegment");
        waitUntil("the segment listed and picked", () -> segments().getItems().stream().anyMatch(s -> s.name().equals("Big VIP budgets")
                && s.contactCount() == 4));
        robot.clickOn("#allContacts");
        robot.interact(() -> segments().getSelectionModel().select(segments().getItems().stream()
                .filter(s -> s.name().equals("Big VIP budgets")).findFirst().orElseThrow()));
        waitUntil("the segment's contacts", () -> table().getItems().size() == 4);
        screenshot("segment-saved");
    }

    @Test
    void aSelectionIsChangedInBulkAndTwoContactsAreMergedAfterAsking() {
        Member owner = registerOrg("Bulk screen");
        for (int i = 0; i < 5; i++) {
            contact(owner, "Bulk person " + i, "+4915112380" + (100 + i), List.of(), obj());
        }
        long duplicate = contact(owner, "Bulk person 0 (second number)", "+4915112380199", List.of("returning"), obj());
        signIn(owner);
        robot.clickOn("#nav-contacts");
        waitUntil("the list", () -> table().getItems().size() == 6);

        robot.interact(() -> table().getSelectionModel().selectIndices(1, 2, 3));
        waitUntil("the selection bar", () -> robot.lookup("#selectionBar").query().isVisible());
        List<Long> picked = table().getSelectionModel().getSelectedItems().stream().map(Contact::id).toList();
        robot.clickOn("#bulkTag");
        robot.clickOn("Add a tag…");
        waitUntil("the tag dialog", () -> robot.lookup("#bulkTagName").tryQuery().isPresent());
        robot.write("callback");
        robot.clickOn("OK");
        waitUntil("tagged", () -> notice().equals("Tagged 3 contacts callback."));
        robot.interact(() -> table().getSelectionModel().selectIndices(1, 2, 3));
        robot.clickOn("#bulkStage");
        robot.clickOn("Qualified");
        waitUntil("moved", () -> notice().equals("Moved 3 contacts to Qualified."));
        for (long id : picked) {
            JsonNode contact = api.get("/api/v1/contacts/" + id, owner.accessToken()).json();
            assertThat(contact.get("tags").toString()).contains("callback");
            assertThat(contact.get("stageId").isNull()).isFalse();
        }
        screenshot("contacts-bulk");

        long survivor = table().getItems().stream().filter(c -> c.name().equals("Bulk person 0")).findFirst().orElseThrow().id();
        robot.interact(() -> {
            table().getSelectionModel().clearSelection();
            for (int i = 0; i < table().getItems().size(); i++) {
                long id = table().getItems().get(i).id();
                if (id == survivor || id == duplicate) {
                    table().getSelectionModel().select(i);
                }
            }
        });
        robot.clickOn("#mergeContacts");
        waitUntil("the question", () -> robot.lookup("#mergeConfirm").tryQuery().isPresent());
        screenshot("contacts-merge-confirm", robot.lookup("#mergeConfirm").query().getScene().getRoot());
        robot.clickOn("Keep Bulk person 0");
        waitUntil("merged", () -> notice().endsWith("was merged into Bulk person 0."));
        assertThat(api.get("/api/v1/contacts/" + duplicate, owner.accessToken()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/contacts/" + survivor, owner.accessToken()).json().get("tags").toString()).contains("returning");
        waitUntil("the list without the merged contact", () -> table().getItems().size() == 5);
    }

    @Test
    void theInboxShowsTheCrmCardAndEditsItInPlace() {
        Member owner = registerOrg("Inbox CRM card");
        api.post("/api/v1/custom-fields", obj("key", "plan", "label", "Plan", "type", "SELECT", "options", List.of("Basic", "Pro")),
                owner.accessToken());
        long channel = sandbox(owner);
        customerWrites(owner, channel, "+4915112390001", "Carla Card", "Hello, is my order on its way?");
        long contactId = api.get("/api/v1/contacts?q=4915112390001", owner.accessToken()).json().get("items").get(0).get("id").asLong();
        api.patch("/api/v1/contacts/" + contactId, obj("customFields", obj("plan", "Pro"), "tags", List.of("vip")), owner.accessToken());

        signIn(owner);
        openConversation("Carla Card");
        waitUntil("the CRM card", () -> robot.lookup("#cardTags").tryQuery().map(n -> ((TextField) n).getText().equals("vip"))
                .orElse(false));
        assertThat(robot.lookup("#cardField-plan").queryAs(Label.class).getText()).isEqualTo("Plan: Pro");
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<io.parley.model.crm.Stage> stage = robot.lookup("#cardStage").queryAs(ComboBox.class);
            stage.setValue(stage.getItems().stream().filter(s -> s.name().equals("Proposal")).findFirst().orElseThrow());
        });
        waitUntil("the stage saved", () -> robot.lookup("#cardStatus").queryAs(Label.class).getText().equals("Stage saved."));
        robot.interact(() -> robot.lookup("#cardTags").queryAs(TextField.class).setText("vip, wants-callback"));
        robot.clickOn("#cardTags").type(javafx.scene.input.KeyCode.ENTER);
        waitUntil("the tags saved", () -> robot.lookup("#cardStatus").queryAs(Label.class).getText().equals("Tags saved."));
        JsonNode saved = api.get("/api/v1/contacts/" + contactId, owner.accessToken()).json();
        assertThat(saved.get("tags").toString()).contains("wants-callback");
        assertThat(saved.get("stageId").isNull()).isFalse();
        screenshot("inbox-crm-card");

        robot.clickOn("#openContact");
        waitUntil("the contact in the Contacts workspace", () -> workspaceTitle().equals("Contacts")
                && robot.lookup("#detailName").tryQuery().map(n -> ((Label) n).getText().equals("Carla Card")).orElse(false));
        waitUntil("her conversation in the detail", () -> robot.lookup("#detailConversations").queryAs(ListView.class)
                .getItems().size() == 1);
        screenshot("contact-detail-from-inbox");
        robot.interact(() -> robot.lookup("#detailConversations").queryAs(ListView.class).getSelectionModel().select(0));
        robot.doubleClickOn("#detailConversations .list-cell");
        waitUntil("back in the inbox", () -> workspaceTitle().equals("Inbox"));
    }

    private long contact(Member owner, String name, String phone, List<String> tags, JsonNode fields) {
        Api.Response res = api.post("/api/v1/contacts", obj("name", name, "phone", phone, "tags", tags, "customFields", fields),
                owner.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
        return res.json().get("id").asLong();
    }

    private String wizardError() {
        return robot.lookup("#wizardError").queryAs(Label.class).getText();
    }

    private Node wizard() {
        return robot.lookup("#importWizard").query().getScene().getRoot();
    }

    @SuppressWarnings("unchecked")
    private ComboBox<ImportWizardViewModel.Target> mapping(int column) {
        return robot.lookup("#map-" + column).queryAs(ComboBox.class);
    }

    private String status() {
        return robot.lookup("#contactsStatus").queryAs(Label.class).getText();
    }

    private String notice() {
        return robot.lookup("#contactsNotice").queryAs(Label.class).getText();
    }

    private String count() {
        return robot.lookup("#segmentCount").queryAs(Label.class).getText();
    }

    @SuppressWarnings("unchecked")
    private TableView<Contact> table() {
        return robot.lookup("#contactsTable").queryAs(TableView.class);
    }

    @SuppressWarnings("unchecked")
    private ListView<Segment> segments() {
        return robot.lookup("#segmentList").queryAs(ListView.class);
    }
}
