-- An inbound message finds its contact's latest conversation on the channel, resolved or not; the
-- partial unique index covers only open ones, so without this every message scanned the org.
CREATE INDEX conversation_contact_idx ON conversation (org_id, channel_id, contact_id, id);
