package io.parley.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by a process, or by all PostgreSQL processes, from Linux's {@code /proc}.
 * Throughput on a shared 2-core machine swings with its neighbours; CPU spent per message does not,
 * so it is what tells whether a change made the server cheaper.
 */
final class CpuTime {
    /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuTime() {
    }

    static boolean available() {
        return Files.isDirectory(Path.of("/proc/self"));
    }

    /** The machine's CPU ticks so far: {total, stolen by the hypervisor}. */
    static long[] machine() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            return new long[] {total, fields.length > 8 ? Long.parseLong(fields[8]) : 0};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** Share of the CPU time between two {@link #machine()} readings that the hypervisor gave to someone else. */
    static double stealPercent(long[] before, long[] after) {
        long total = after[0] - before[0];
        return total <= 0 ? 0 : 100.0 * (after[1] - before[1]) / total;
    }

    /** User plus system CPU seconds of one process. */
    static double ofProcess(long pid) {
        return seconds(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** User plus system CPU seconds of every process called {@code postgres} (the server and its backends). */
    static double ofPostgres() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(p -> p.resolve("stat")).filter(CpuTime::isPostgres).mapToDouble(CpuTime::seconds).sum();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static boolean isPostgres(Path stat) {
        try {
            String text = Files.readString(stat);
            return text.substring(text.indexOf('(') + 1, text.lastIndexOf(')')).equals("postgres");
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    private static double seconds(Path stat) {
        try {
            String text = Files.readString(stat);
            // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
