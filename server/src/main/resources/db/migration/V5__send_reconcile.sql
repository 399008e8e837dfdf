-- When the current send attempt began: a message still SENDING after a crash waits this long
-- (from then) for a status webhook proving WhatsApp took it, before it is sent again.
ALTER TABLE message ADD COLUMN sending_since timestamptz;
