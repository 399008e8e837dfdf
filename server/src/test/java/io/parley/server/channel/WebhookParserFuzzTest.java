package io.parley.server.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.server.inbox.InboundMessage;
import io.parley.server.inbox.StatusUpdate;
import io.parley.server.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100,000 mutated fixtures straight through the parser: it never throws, and what it returns is
 * what the store relies on — every message has a wamid (so a redelivery is recognised) and a type.
 */
class WebhookParserFuzzTest {
    private static final int BODIES = 100_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void oneHundredThousandMutatedBodiesParseWithoutErrorIntoWellFormedChanges() throws IOException {
        WebhookParser parser = new WebhookParser(Clock.systemUTC());
        List<JsonNode> fixtures = new ArrayList<>();
        for (String name : Fixtures.names()) {
            fixtures.add(MAPPER.readTree(Fixtures.bytes(name)));
        }
        WebhookMutator mutator = new WebhookMutator(20261122);
        List<String> failures = new ArrayList<>();
        int messages = 0;
        for (int i = 0; i < BODIES && failures.size() < 10; i++) {
            JsonNode body = mutator.mutate(fixtures.get(i % fixtures.size()).deepCopy());
            try {
                for (WebhookParser.Change change : parser.parse(body)) {
                    for (InboundMessage m : change.messages()) {
                        messages++;
                        if (m.wamid() == null || m.type() == null || m.timestamp() == null) {
                            failures.add("body " + i + ": incomplete message " + m);
                        }
                    }
                    for (StatusUpdate s : change.statuses()) {
                        if (s.errors() == null) {
                            failures.add("body " + i + ": status without an error list " + s);
                        }
                    }
                }
            } catch (RuntimeException e) {
                failures.add("body " + i + ": " + e + " on " + abbreviated(body));
            }
        }
        assertThat(failures).isEmpty();
        assertThat(messages).as("mutations must leave most messages parseable, or this tests nothing").isGreaterThan(BODIES / 2);
    }

    private static String abbreviated(JsonNode body) {
        String text = body.toString();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
