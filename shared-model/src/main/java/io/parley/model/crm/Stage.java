package io.parley.model.crm;

/** A column of the pipeline; {@code kind} is OPEN, WON or LOST. */
public record Stage(long id, String name, int position, String kind, long contactCount) {
}
