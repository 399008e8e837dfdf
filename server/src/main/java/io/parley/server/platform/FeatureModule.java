package io.parley.server.platform;

import io.helidon.webserver.http.HttpRouting;
import io.parley.server.job.JobWorker;

/**
 * One feature, wired: its module class builds the feature's parts from the {@link Platform} (and
 * the few other features it needs) in its constructor, and the server asks it for its routes, its
 * job handlers and its background work. The composition root only lists modules.
 */
public interface FeatureModule {
    /** Registers the feature's HTTP routes. */
    default void routing(HttpRouting.Builder routing) {
    }

    /** Registers the handlers of the feature's durable jobs. */
    default void jobs(JobWorker worker) {
    }

    /** Starts the feature's background work; called in module order before the server takes requests. */
    default void start() {
    }

    /** Stops what {@link #start} started; called in reverse module order after the server stopped. */
    default void close() {
    }
}
