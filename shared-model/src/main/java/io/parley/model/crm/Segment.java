package io.parley.model.crm;

public record Segment(long id, String name, SegmentFilter filter, long contactCount) {
}
