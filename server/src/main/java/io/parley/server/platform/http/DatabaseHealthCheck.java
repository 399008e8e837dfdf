package io.parley.server.platform.http;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.parley.server.platform.db.Database;

/** {@code /health} is UP only while PostgreSQL answers. */
public final class DatabaseHealthCheck implements HealthCheck {
    private final Database db;

    public DatabaseHealthCheck(Database db) {
        this.db = db;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = db.ping();
        return HealthCheckResponse.builder()
                .status(up)
                .detail("database", up ? "reachable" : "unreachable")
                .build();
    }
}
