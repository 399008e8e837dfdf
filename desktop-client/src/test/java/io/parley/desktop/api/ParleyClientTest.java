package io.parley.desktop.api;

import io.parley.desktop.inbox.InboxApi;
import io.parley.desktop.sandbox.SandboxApi;

import io.parley.model.identity.Session;
import io.parley.model.inbox.Conversation;
import io.parley.model.inbox.Message;
import io.parley.model.inbox.MessageRequest;
import io.parley.server.testing.Eventually;
import io.parley.server.testing.ServerTestSupport;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The desktop app's REST and SSE client against a real Parley server. */
class ParleyClientTest extends ServerTestSupport {

    private String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void signsInReadsAndSendsThroughTheSandbox() {
        Member owner = registerOrg("Client shop");
        long channel = api.post("/api/v1/channels", obj("name", "S", "provider", "sandbox"), owner.accessToken())
                .json().get("id").asLong();
        ParleyClient client = new ParleyClient(url(), TokenStore.inMemory());

        Session session = client.login(owner.email(), owner.password());
        Message inbound = new SandboxApi(client).inbound(channel, "+4915112345001", "Clara", "Do you deliver on Sundays?");
        List<Conversation> list = new InboxApi(client).conversations(Map.of("q", "sundays"), null).items();
        Message sent = new InboxApi(client).send(inbound.conversationId(), new MessageRequest("text", "Only Monday to Saturday.",
                null, null, null, null, null, null));

        assertThat(session.user().email()).isEqualTo(owner.email());
        assertThat(client.me().org().name()).isEqualTo("Client shop");
        assertThat(list).extracting(c -> c.contact().name()).containsExactly("Clara");
        assertThat(sent.status()).isEqualTo("QUEUED");
        assertThat(new InboxApi(client).messages(inbound.conversationId(), null).items()).extracting(Message::text)
                .contains("Do you deliver on Sundays?", "Only Monday to Saturday.");
        assertThat(new InboxApi(client).counts()).containsKeys("mine", "unassigned", "all");
    }

    @Test
    void errorsAreReadable() throws IOException {
        Member owner = registerOrg("Client errors");
        ParleyClient client = new ParleyClient(url(), TokenStore.inMemory());

        assertThatThrownBy(() -> client.login(owner.email(), "wrong password"))
                .isInstanceOf(ApiException.class).hasMessageContaining("email or password is wrong")
                .extracting(e -> ((ApiException) e).status()).isEqualTo(401);
        assertThatThrownBy(() -> new ParleyClient("http://127.0.0.1:9", TokenStore.inMemory()).login("a@b.co", "x"))
                .isInstanceOf(ServerUnreachableException.class).hasMessageContaining("Cannot reach the Parley server");
        assertThatThrownBy(() -> client.me()).isInstanceOf(ApiException.class);
        try (MockWebServer broken = new MockWebServer()) {
            broken.enqueue(new MockResponse().setResponseCode(502).setBody("<html>bad gateway</html>"));
            assertThatThrownBy(() -> new ParleyClient(broken.url("/").toString(), TokenStore.inMemory()).login("a@b.co", "x"))
                    .isInstanceOf(ApiException.class).hasMessage("The server answered 502.");
        }
    }

    @Test
    void anExpiredAccessTokenIsRenewedSilentlyAndAnEndedSessionSaysSo() {
        Member owner = registerOrg("Client tokens");
        TokenStore tokens = TokenStore.inMemory();
        ParleyClient client = new ParleyClient(url(), tokens);
        client.login(owner.email(), owner.password());
        String firstRefresh = tokens.refreshToken();

        clock.advance(Duration.ofMinutes(16));
        try {
            assertThat(client.me().user().email()).isEqualTo(owner.email());
            assertThat(tokens.refreshToken()).isNotEqualTo(firstRefresh);
        } finally {
            clock.advance(Duration.ofMinutes(-16));
        }

        api.post("/api/v1/auth/logout", obj("refreshToken", tokens.refreshToken()), null);
        tokens.save("expired.or.garbage", tokens.refreshToken());
        assertThatThrownBy(client::me).isInstanceOf(SessionExpiredException.class);
    }

    @Test
    void theEventStreamDeliversAndResumesAfterADrop() {
        Member owner = registerOrg("Client events");
        long channel = api.post("/api/v1/channels", obj("name", "S", "provider", "sandbox"), owner.accessToken())
                .json().get("id").asLong();
        ParleyClient client = new ParleyClient(url(), TokenStore.inMemory());
        client.login(owner.email(), owner.password());
        List<String> seen = new CopyOnWriteArrayList<>();
        List<EventStream.State> states = new CopyOnWriteArrayList<>();
        EventStream.Listener listener = new EventStream.Listener() {
            @Override
            public void onEvent(long id, String type, String data) {
                seen.add(type + ":" + data);
            }

            @Override
            public void onState(EventStream.State state) {
                states.add(state);
            }
        };

        long resumeFrom;
        try (EventStream stream = new EventStream(client, listener)) {
            stream.start(null);
            Eventually.await("stream live", Duration.ofSeconds(10), () -> states.contains(EventStream.State.LIVE));
            new SandboxApi(client).inbound(channel, "+4915112345002", "Eve", "first");
            Eventually.await("first event", Duration.ofSeconds(10), () -> seen.stream().anyMatch(s -> s.contains("first")));
            resumeFrom = stream.lastEventId();
        }
        new SandboxApi(client).inbound(channel, "+4915112345002", "Eve", "while closed");
        List<String> replayed = new ArrayList<>();
        seen.clear();
        try (EventStream again = new EventStream(client, listener)) {
            again.start(resumeFrom);
            Eventually.await("replayed event", Duration.ofSeconds(10), () -> seen.stream().anyMatch(s -> s.contains("while closed")));
            replayed.addAll(seen);
        }
        assertThat(replayed).noneMatch(s -> s.contains("\"text\":\"first\""));
    }
}
