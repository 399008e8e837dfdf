package io.parley.model.crm;

/** @param color {@code #rrggbb} */
public record Tag(long id, String name, String color, long contactCount) {
}
