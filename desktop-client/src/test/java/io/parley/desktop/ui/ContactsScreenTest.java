package io.parley.desktop.ui;

import io.parley.model.crm.Contact;
import io.parley.server.testing.Api;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Contacts workspace end to end: a list paged from the server as it scrolls, search and filters,
 * a contact edited in place (typed custom fields included) with its timeline, and an empty organisation.
 */
class ContactsScreenTest extends DesktopUiTestSupport {

    @Test
    void contactsAreFoundPagedAndEditedWithTheirTimeline() {
        Member owner = registerOrg("Contacts screen");
        api.post("/api/v1/custom-fields", obj("key", "plan", "label", "Plan", "type", "SELECT", "options", List.of("Basic", "Pro")),
                owner.accessToken());
        api.post("/api/v1/custom-fields", obj("key", "renewal", "label", "Renewal", "type", "DATE"), owner.accessToken());
        for (int i = 0; i < 240; i++) {
            contact(owner, "Customer " + String.format("%03d", i), "+4915112" + String.format("%06d", 400_000 + i), List.of());
        }
        contact(owner, "Maximiliane Wolkenstein-Rabensberg von und zu Hohenlohe-Schillingsfürst", "+4915112399001",
                List.of("vip", "wholesale"));
        signIn(owner);
        robot.clickOn("#nav-contacts");
        waitUntil("the first page", () -> table().getItems().size() == 100);
        assertThat(status()).isEqualTo("100+ contacts");
        screenshot("contacts-list");

        robot.interact(() -> table().scrollTo(99));
        waitUntil("the second page loaded by scrolling", () -> table().getItems().size() >= 200);

        robot.clickOn("#contactSearch").write("hohenlohe");
        waitUntil("the search", () -> table().getItems().size() == 1);
        robot.interact(() -> table().getSelectionModel().select(0));
        waitUntil("the contact's detail", () -> robot.lookup("#detailName").queryAs(Label.class).getText().startsWith("Maximiliane"));

        robot.interact(() -> {
            ComboBox<?> stage = robot.lookup("#detailStage").queryAs(ComboBox.class);
            stage.getSelectionModel().select(1);
            @SuppressWarnings("unchecked")
            ComboBox<String> plan = robot.lookup("#field-plan").queryAs(ComboBox.class);
            plan.setValue("Pro");
            robot.lookup("#field-renewal").queryAs(DatePicker.class).setValue(LocalDate.of(2027, 3, 1));
            robot.lookup("#detailTags").queryAs(TextField.class).setText("vip, returning");
        });
        robot.clickOn("#saveContact");
        waitUntil("saved", () -> robot.lookup("#detailStatus").queryAs(Label.class).getText().equals("Saved."));
        waitUntil("the timeline shows the changes", () -> timeline().getItems().stream()
                .anyMatch(a -> a.summary().equals("Plan: (empty) → Pro")));
        screenshot("contacts-detail");

        long id = table().getItems().getFirst().id();
        Api.Response saved = api.get("/api/v1/contacts/" + id, owner.accessToken());
        assertThat(saved.json().get("stageId").asLong()).isPositive();
        assertThat(saved.json().get("customFields").get("renewal").asText()).isEqualTo("2027-03-01");
        assertThat(saved.json().get("tags")).extracting(n -> n.asText()).containsExactly("returning", "vip");

        robot.interact(() -> robot.lookup("#field-plan").queryAs(ComboBox.class).getSelectionModel().clearSelection());
        robot.interact(() -> robot.lookup("#detailPhone").queryAs(TextField.class).setText("not a number"));
        robot.clickOn("#saveContact");
        waitUntil("a readable refusal", () -> robot.lookup("#detailStatus").queryAs(Label.class).getText()
                .startsWith("Not saved: phone"));
        screenshot("contacts-refused");
    }

    @Test
    void aContactMadeByHandIsShownAndAKnownNumberOpensItsContact() {
        Member owner = registerOrg("New contacts");
        api.send("PUT", "/api/v1/crm/settings", obj("defaultCountry", "DE"), owner.accessToken());
        contact(owner, "Already Known", "+4915112398001", List.of());
        signIn(owner);
        robot.clickOn("#nav-contacts");
        waitUntil("the list", () -> table().getItems().size() == 1);

        robot.clickOn("#newContact");
        waitUntil("the form", () -> robot.lookup("#newName").tryQuery().isPresent());
        robot.clickOn("#newName").write("Jana Hand");
        robot.clickOn("#newPhone").write("0151 1239 8002");
        screenshot("contacts-new", robot.lookup("#newName").query().getScene().getRoot());
        robot.clickOn("OK");
        waitUntil("the new contact shown", () -> robot.lookup("#detailName").queryAs(Label.class).getText().equals("Jana Hand")
                && robot.lookup("#detailStatus").queryAs(Label.class).getText().equals("Created."));
        waitUntil("the list holds it", () -> table().getItems().size() == 2);
        assertThat(robot.lookup("#detailPhone").queryAs(TextField.class).getText()).isEqualTo("+4915112398002");

        robot.clickOn("#newContact");
        waitUntil("the form again", () -> robot.lookup("#newName").tryQuery().isPresent());
        robot.clickOn("#newName").write("Someone Else");
        robot.clickOn("#newPhone").write("+49 151 12398001");
        robot.clickOn("OK");
        waitUntil("the contact that has the number", () ->
                robot.lookup("#detailName").queryAs(Label.class).getText().equals("Already Known")
                        && robot.lookup("#detailStatus").queryAs(Label.class).getText().startsWith("This number belongs"));
        assertThat(table().getItems()).hasSize(2);
    }

    @Test
    void anEmptyOrganisationSaysWhereContactsComeFrom() {
        Member owner = registerOrg("No contacts yet");
        signIn(owner);
        robot.clickOn("#nav-contacts");
        waitUntil("the empty list", () -> status().equals("No contacts match."));
        assertThat(robot.lookup("No contacts here yet. Customers appear here as soon as they write in on WhatsApp.").tryQuery())
                .isPresent();
        screenshot("contacts-empty");

        robot.clickOn("#openPreferences");
        waitUntil("the settings window", () -> robot.lookup("#preferences").tryQuery().isPresent());
        robot.clickOn("#themeDark");
        robot.interact(() -> robot.lookup("#preferences").query().getScene().getWindow().hide());
        screenshot("contacts-empty-dark");
    }

    private void contact(Member owner, String name, String phone, List<String> tags) {
        Api.Response res = api.post("/api/v1/contacts", obj("name", name, "phone", phone, "tags", tags, "customFields", Map.of()),
                owner.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
    }

    private String status() {
        return robot.lookup("#contactsStatus").queryAs(Label.class).getText();
    }

    @SuppressWarnings("unchecked")
    private TableView<Contact> table() {
        return robot.lookup("#contactsTable").queryAs(TableView.class);
    }

    @SuppressWarnings("unchecked")
    private ListView<io.parley.model.crm.Activity> timeline() {
        return robot.lookup("#timelineList").queryAs(ListView.class);
    }
}
