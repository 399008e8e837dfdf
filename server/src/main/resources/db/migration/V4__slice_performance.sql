-- An inbound message finds its contact's latest conversation on the channel, resolved or not; the
-- partial unique index covers only open ones, so without this every message scanned the org.
CREATE INDEX conversation_contact_idx ON conversation (org_id, channel_id, contact_id, id);

-- The inbox is ordered by latest activity (COALESCE(last_message_at, created_at), id); an index on
-- last_message_at alone did not serve that order, so every page sorted all of an org's conversations.
DROP INDEX conversation_recent_idx;
CREATE INDEX conversation_activity_idx ON conversation (org_id, (COALESCE(last_message_at, created_at)) DESC, id DESC);

-- Unused (jobs drive sending), yet a tempting plan for "this message, if still queued": with a
-- campaign's worth of queued messages every send scanned them all (5 ms per send instead of 0.1).
DROP INDEX message_outbox_idx;
