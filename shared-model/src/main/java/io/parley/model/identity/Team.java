package io.parley.model.identity;

import java.util.List;

public record Team(long id, String name, List<Long> memberIds) {
    public Team {
        memberIds = memberIds == null ? List.of() : List.copyOf(memberIds);
    }
}
