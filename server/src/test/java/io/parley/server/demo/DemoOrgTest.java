package io.parley.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.ParleyServer;
import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** What `./parley run` shows a first-time user: a demo org with a sandbox number and live conversations. */
class DemoOrgTest extends ServerTestSupport {

    @Test
    void theDemoOrgHasASandboxNumberTemplatesAndConversationsAndIsCreatedOnce() {
        try (ParleyServer first = ParleyServer.start(config.withDemo(true), db, clock);
             ParleyServer restarted = ParleyServer.start(config.withDemo(true), db, clock)) {
            Api demo = new Api(restarted.port());
            Api.Response login = demo.post("/api/v1/auth/login",
                    obj("email", DemoOrg.EMAIL, "password", DemoOrg.PASSWORD), null);
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            String token = login.json().get("accessToken").asText();

            JsonNode channels = demo.get("/api/v1/channels", token).json().get("items");
            assertThat(channels).hasSize(1);
            assertThat(channels.get(0).get("provider").asText()).isEqualTo("sandbox");
            assertThat(demo.get("/api/v1/templates", token).json().get("items").findValuesAsText("status"))
                    .contains("APPROVED");

            JsonNode conversations = demo.get("/api/v1/conversations", token).json().get("items");
            assertThat(conversations).hasSize(3);
            // Newest activity first.
            assertThat(conversations.findValuesAsText("name")).containsExactly("Marco Rossi", "Lena Fischer", "Aisha Khan");
            JsonNode firstPage = demo.get("/api/v1/conversations?limit=2", token).json();
            JsonNode secondPage = demo.get("/api/v1/conversations?limit=2&cursor=" + firstPage.get("nextCursor").asText(),
                    token).json();
            assertThat(secondPage.get("items").findValuesAsText("name")).containsExactly("Aisha Khan");
            long lena = -1;
            for (JsonNode c : conversations) {
                if (c.get("contact").get("name").asText().equals("Lena Fischer")) {
                    lena = c.get("id").asLong();
                }
            }
            JsonNode thread = demo.get("/api/v1/conversations/" + lena + "/messages", token).json().get("items");
            assertThat(thread).hasSize(3);
            assertThat(thread.get(1).get("direction").asText()).isEqualTo("OUT");
            assertThat(thread.get(1).get("status").asText()).isEqualTo("READ");
            assertThat(demo.post("/api/v1/conversations/" + lena + "/messages",
                    obj("type", "text", "text", "See you on Saturday!"), token).status()).isEqualTo(202);

            // A living CRM: contacts in every stage, with fields, tags and history.
            JsonNode contacts = demo.get("/api/v1/contacts?limit=200", token).json().get("items");
            assertThat(contacts.size()).isBetween(25, 40);
            assertThat(demo.get("/api/v1/custom-fields", token).json().get("items").findValuesAsText("key"))
                    .containsExactly("company", "plan", "renewal", "seats", "newsletter");
            assertThat(demo.get("/api/v1/stages", token).json().get("items"))
                    .allSatisfy(stage -> assertThat(stage.get("contactCount").asLong()).isPositive());
            assertThat(demo.get("/api/v1/tags", token).json().get("items"))
                    .allSatisfy(tag -> assertThat(tag.get("contactCount").asLong()).isPositive());
            long withHistory = contacts.get(0).get("id").asLong();
            assertThat(demo.get("/api/v1/contacts/" + withHistory + "/activities", token).json().get("items")).isNotEmpty();
            assertThat(demo.get("/api/v1/crm/settings", token).json().get("defaultCountry").asText()).isEqualTo("DE");
        }
    }
}
