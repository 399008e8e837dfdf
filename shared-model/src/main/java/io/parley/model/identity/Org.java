package io.parley.model.identity;

/** An organisation (tenant). */
public record Org(long id, String name, String plan) {
}
