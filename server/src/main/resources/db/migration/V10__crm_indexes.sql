-- Segment conditions on custom fields use a GIN index: equality is containment in a case-folded
-- copy of the fields (kept by PostgreSQL itself), so "city is Berlin" matches "berlin" as before.
ALTER TABLE contact ADD COLUMN custom_fields_folded jsonb
    GENERATED ALWAYS AS (lower(CAST(custom_fields AS text))::jsonb) STORED;
DROP INDEX contact_custom_fields_idx;
CREATE INDEX contact_custom_fields_idx ON contact USING gin (custom_fields_folded jsonb_path_ops);

-- Search matches a stored tsvector column: the clause then holds only the match operator, which can
-- be marked leakproof (below); to_tsvector over a row's text in the clause could not use the index.
ALTER TABLE contact ADD COLUMN search_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', coalesce(search_text, ''))) STORED;
DROP INDEX contact_search_idx;
CREATE INDEX contact_search_idx ON contact USING gin (search_tsv);
ALTER TABLE message ADD COLUMN search_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', coalesce(search_text, ''))) STORED;
DROP INDEX message_search_idx;
CREATE INDEX message_search_idx ON message USING gin (search_tsv);

-- Under forced row-level security PostgreSQL only uses an index for an operator marked LEAKPROOF,
-- and these three (jsonb containment and key test, full-text match) are not, so searches and segment
-- counts scan every row. None can leak a row through an error. Marking them needs a superuser: the
-- embedded database does it itself; on another server this succeeds only if Parley's role is one,
-- and the server's start-up log names the statements to run otherwise (README, Running on your
-- own PostgreSQL).
DO $$
BEGIN
    ALTER FUNCTION jsonb_contains(jsonb, jsonb) LEAKPROOF;
    ALTER FUNCTION jsonb_exists(jsonb, text) LEAKPROOF;
    ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'not a superuser: jsonb_contains, jsonb_exists and ts_match_vq stay non-leakproof';
END
$$;
