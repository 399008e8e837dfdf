package io.parley.server.platform.db;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Looks through an exception's causes and suppressed exceptions for what PostgreSQL reported. */
final class SqlStates {
    private SqlStates() {
    }

    /** True when {@code e} or anything it carries is an SQLException whose SQLSTATE starts with one of {@code prefixes}. */
    static boolean startsWith(Throwable e, String... prefixes) {
        return any(e, t -> t instanceof SQLException sql && sql.getSQLState() != null
                && List.of(prefixes).stream().anyMatch(sql.getSQLState()::startsWith));
    }

    /** True when {@code e} or any cause or suppressed exception of it matches. */
    static boolean any(Throwable e, Predicate<Throwable> match) {
        // DbClient reports a failure on a suppressed rollback exception as often as on the cause.
        Deque<Throwable> pending = new ArrayDeque<>(List.of(e));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!pending.isEmpty()) {
            Throwable t = pending.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (match.test(t)) {
                return true;
            }
            if (t.getCause() != null) {
                pending.push(t.getCause());
            }
            pending.addAll(List.of(t.getSuppressed()));
        }
        return false;
    }
}
