-- Password-reset requests, for throttling per email and per client address. Like login_failure,
-- keyed by what was typed in (which may match no account), so deliberately not tenant-owned.
CREATE TABLE reset_request (
    email        text        NOT NULL,
    client       text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reset_request_email_idx ON reset_request (email, requested_at);
CREATE INDEX reset_request_client_idx ON reset_request (client, requested_at);
