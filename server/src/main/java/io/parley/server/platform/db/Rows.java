package io.parley.server.platform.db;

import io.helidon.dbclient.DbRow;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Column reads that DbClient leaves to the JDBC driver's types. */
public final class Rows {
    private Rows() {
    }

    public static Instant instant(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return switch (value) {
            case null -> null;
            case Timestamp ts -> ts.toInstant();
            case OffsetDateTime odt -> odt.toInstant();
            case Instant i -> i;
            default -> throw new IllegalStateException("Column " + column + " is not a timestamp: " + value.getClass());
        };
    }

    public static Long longOrNull(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return value == null ? null : ((Number) value).longValue();
    }

    public static String string(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return value == null ? null : value.toString();
    }

    /** A timestamp parameter; pgjdbc binds {@link OffsetDateTime} as timestamptz. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
