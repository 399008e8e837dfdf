package io.parley.server.platform;

import io.parley.server.event.EventLog;
import io.parley.server.job.JobQueue;
import io.parley.server.job.JobWorker;
import io.parley.server.platform.config.ParleyConfig;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.http.Json;

import java.time.Clock;

/**
 * The shared infrastructure every feature module builds on: configuration, the database, the
 * clock, JSON, the event log (changes agents see) and the durable job queue with its worker.
 */
public record Platform(ParleyConfig config, Database db, Clock clock, Json json, EventLog events, JobQueue jobs,
                       JobWorker worker) {

    public static Platform create(ParleyConfig config, Database db, Clock clock) {
        Json json = new Json();
        return new Platform(config, db, clock, json, new EventLog(json.mapper()), new JobQueue(json.mapper()),
                new JobWorker(db, json.mapper(), config.jobLease()));
    }
}
