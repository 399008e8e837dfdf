package io.parley.server.job;

import com.fasterxml.jackson.databind.JsonNode;

/** A claimed job: what to do, for which organisation, and how often it was tried before. */
public record Job(long orgId, long id, String kind, JsonNode payload, int attempts) {
}
