package io.parley.model.identity;

import java.util.List;

/** Create or update a team; on update, null fields stay as they are. */
public record TeamRequest(String name, List<Long> memberIds) {
}
