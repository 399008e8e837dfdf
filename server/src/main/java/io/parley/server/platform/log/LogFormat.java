package io.parley.server.platform.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.logging.common.HelidonMdc;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import java.util.stream.Stream;

/**
 * One line per log record, with the request id of the request being served: {@code json} (one JSON
 * object a line, for log shippers) or {@code text} (logfmt-like key=value, for people).
 */
public final class LogFormat extends Formatter {
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Libraries whose INFO lines are their own progress, not an operator's news (initdb's chatter,
     * Flyway's per-migration lines and result tables, the pool starting): a start-up log fits one screen.
     * Held here because a logger nobody references can be collected, and its level with it.
     */
    private static final List<Logger> QUIETED = Stream.of("io.zonky", "org.flywaydb", "com.zaxxer.hikari", "io.helidon.cors")
            .map(Logger::getLogger)
            .toList();

    private final boolean json;

    private LogFormat(boolean json) {
        this.json = json;
    }

    /** Replaces the root logger's handlers with one stdout handler in the given format. */
    public static void install(String format) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        // Not ConsoleHandler + setOutputStream: that would close System.err.
        Handler handler = new StreamHandler(System.out, new LogFormat("json".equalsIgnoreCase(format))) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }

            @Override
            public synchronized void close() {
                flush();
            }
        };
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        if (root.getLevel() == null || root.getLevel().intValue() > Level.INFO.intValue()) {
            root.setLevel(Level.INFO);
        }
        QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
    }

    @Override
    public String format(LogRecord r) {
        String requestId = HelidonMdc.get("requestId").orElse(null);
        String message = formatMessage(r);
        String error = r.getThrown() == null ? null : stackTrace(r.getThrown());
        return json ? json(r, requestId, message, error) : text(r, requestId, message, error);
    }

    private static String text(LogRecord r, String requestId, String message, String error) {
        StringBuilder sb = new StringBuilder(160)
                .append(Instant.ofEpochMilli(r.getMillis())).append(' ')
                .append(String.format("%-7s", r.getLevel().getName())).append(' ')
                .append(shortName(r.getLoggerName()));
        if (requestId != null) {
            sb.append(" [").append(requestId).append(']');
        }
        sb.append(" ").append(message).append(System.lineSeparator());
        if (error != null) {
            sb.append(error);
        }
        return sb.toString();
    }

    private static String json(LogRecord r, String requestId, String message, String error) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.ofEpochMilli(r.getMillis()).toString());
            g.writeStringField("level", r.getLevel().getName());
            g.writeStringField("logger", r.getLoggerName());
            g.writeStringField("thread", Thread.currentThread().getName());
            if (requestId != null) {
                g.writeStringField("requestId", requestId);
            }
            g.writeStringField("msg", message);
            if (error != null) {
                g.writeStringField("error", error);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append(System.lineSeparator()).toString();
    }

    private static String shortName(String logger) {
        if (logger == null) {
            return "-";
        }
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }

    private static String stackTrace(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }
}
