-- Sending at a thousand messages a second.
--
-- A channel's sending time handed out so far. A server instance reserves a short slice of the
-- channel's send slots at a time (SendRateLimiter); slices never overlap, so all instances together
-- keep to the channel's messages per second with one round trip per slice instead of per send.
CREATE TABLE send_pace (
    channel_id     bigint      PRIMARY KEY,
    reserved_until timestamptz NOT NULL
);

-- The per-recipient (pair) rate is counted from the messages themselves: when each send began.
DROP TABLE send_log;
CREATE INDEX message_sending_idx ON message (org_id, conversation_id, sending_since) WHERE sending_since IS NOT NULL;

-- A worker reads the jobs it claimed together, by their ids (comma-separated), to learn their orgs.
DROP POLICY lookup_by_id ON job;
CREATE POLICY lookup_by_ids ON job FOR SELECT
    USING (id = ANY (CAST(string_to_array(app_lookup('jobs'), ',') AS bigint[])));
