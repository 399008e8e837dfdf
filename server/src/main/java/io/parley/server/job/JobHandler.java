package io.parley.server.job;

/** Runs one kind of job. Throwing retries later with backoff; {@link PermanentJobFailure} does not retry. */
@FunctionalInterface
public interface JobHandler {
    void run(Job job) throws Exception;
}
