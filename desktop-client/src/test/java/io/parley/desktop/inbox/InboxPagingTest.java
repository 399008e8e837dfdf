package io.parley.desktop.inbox;

import io.parley.desktop.api.ParleyClient;
import io.parley.desktop.api.TokenStore;
import io.parley.desktop.app.UiExecutor;
import io.parley.model.inbox.Conversation;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.stream.IntStream;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** A long inbox arrives page by page as the list nears its end, each conversation once. */
class InboxPagingTest extends ServerTestSupport {

    @Test
    void theNextPageIsAppendedUntilThereIsNoMore() {
        Member owner = registerOrg("Paging");
        long channel = api.post("/api/v1/channels", obj("name", "Sandbox", "provider", "sandbox"), owner.accessToken())
                .json().get("id").asLong();
        IntStream.range(0, 230).parallel().forEach(i -> assertThat(api.post("/api/v1/sandbox/" + channel + "/inbound",
                obj("from", "+49151" + (20000000 + i), "name", "Customer " + i, "text", "Hi " + i),
                owner.accessToken()).status()).isEqualTo(201));

        ParleyClient client = new ParleyClient("http://127.0.0.1:" + server.port(), TokenStore.inMemory());
        client.login(owner.email(), owner.password());
        InboxViewModel inbox = new InboxViewModel(new InboxApi(client), UiExecutor.direct(), Clock.systemUTC(), owner.userId());
        inbox.reload();
        assertThat(inbox.conversations()).hasSize(200);
        assertThat(inbox.hasMore()).isTrue();

        inbox.loadMore();
        assertThat(inbox.conversations()).hasSize(230);
        assertThat(inbox.conversations().stream().map(Conversation::id).distinct()).hasSize(230);
        assertThat(inbox.hasMore()).isFalse();
        inbox.loadMore();
        assertThat(inbox.conversations()).hasSize(230);
    }
}
