package io.parley.server.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.server.inbox.InboundMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Shapes the shared fixtures do not cover (flows replies, bad timestamps, nameless senders). */
class WebhookParserTest {
    private final WebhookParser parser = new WebhookParser(Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC));

    private InboundMessage parseOne(String message) throws IOException {
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
                 "metadata":{"phone_number_id":"123"},"contacts":[{"profile":{"name":"Ann"},"wa_id":"4915112340001"}],
                 "messages":[%s]}}]}]}""".formatted(message);
        return parser.parse(new ObjectMapper().readTree(body)).getFirst().messages().getFirst();
    }

    @Test
    void flowRepliesShowTheirBodyAndKeepTheResponse() throws IOException {
        InboundMessage m = parseOne("""
                {"from":"4915112340001","id":"wamid.flow","timestamp":"1700000000","type":"interactive",
                 "interactive":{"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent","response_json":"{\\"size\\":\\"M\\"}"}}}""");

        assertThat(m.type()).isEqualTo("interactive");
        assertThat(m.text()).isEqualTo("Sent");
        assertThat(m.content().get("kind").asText()).isEqualTo("nfm_reply");
        assertThat(m.content().get("responseJson").asText()).contains("size");
    }

    @Test
    void anUnreadableTimestampFallsBackToNowAndTheSenderNameComesFromContacts() throws IOException {
        InboundMessage m = parseOne("""
                {"from":"4915112340001","id":"wamid.t","timestamp":"asdf","type":"text","text":{"body":"hi"}}""");

        assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-11-21T12:00:00Z"));
        assertThat(m.sender().name()).isEqualTo("Ann");
        assertThat(m.sender().waId()).isEqualTo("4915112340001");
    }

    @Test
    void aMediaTypeWithoutItsObjectIsUnsupportedNotBroken() throws IOException {
        InboundMessage m = parseOne("""
                {"from":"4915112340001","id":"wamid.m","timestamp":"1700000000","type":"image"}""");

        assertThat(m.type()).isEqualTo("unsupported");
        assertThat(m.media()).isNull();
        assertThat(m.content().get("originalType").asText()).isEqualTo("image");
    }
}
