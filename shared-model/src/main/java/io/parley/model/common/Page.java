package io.parley.model.common;

import java.util.List;

/**
 * One page of a list endpoint: {@code {items, nextCursor}}; {@code nextCursor} is null on the last page.
 */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
