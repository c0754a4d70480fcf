package dev.ferry.agent.host;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Named points in a migration where a test can make this host fail, to prove that a task survives
 * a host dying at any step. Inert unless armed: {@code -Dferry.fault=dest.accepted} makes the host
 * halt there (as {@code kill -9} would: no shutdown hooks, no goodbye); {@code source.transfer:corrupt}
 * flips a byte of the snapshot it sends; {@code hello.engine:V} makes the host tell the coordinator
 * it runs engine version V (as a host of another Ferry build would).
 */
final class FaultPoints {
    /** Every point, in the order a migration reaches them. */
    static final Set<String> NAMES = Set.of(
            "source.preflight", "source.captured", "source.transfer", "source.accepted", "source.committed",
            "dest.prepared", "dest.received", "dest.accepted", "dest.claimed", "dest.resumed");

    private final Set<String> armed;
    private final HostLog log;

    private FaultPoints(Set<String> armed, HostLog log) {
        this.armed = armed;
        this.log = log;
    }

    /** The points armed by the {@code ferry.fault} system property (none when it is unset). */
    static FaultPoints fromSystemProperty(HostLog log) {
        String value = System.getProperty("ferry.fault", "");
        Set<String> armed = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        for (String a : armed) {
            boolean known = a.endsWith(":corrupt") ? a.equals("source.transfer:corrupt")
                    : a.startsWith(ENGINE_PREFIX) ? a.length() > ENGINE_PREFIX.length() : NAMES.contains(a);
            if (!known) {
                throw new IllegalArgumentException("unknown fault point '" + a + "'; known: " + NAMES
                        + " (and source.transfer:corrupt, hello.engine:VERSION)");
            }
        }
        return new FaultPoints(armed, log);
    }

    /** Halts the JVM here if this point is armed. */
    void reach(String point) {
        if (armed.contains(point)) {
            // The host's log, not System.err: a source point is reached on the task's own thread,
            // where System.err is the task's output, which must never carry Ferry's messages.
            log.warning("fault point " + point + " armed: halting");
            Runtime.getRuntime().halt(137);
        }
    }

    private static final String ENGINE_PREFIX = "hello.engine:";

    /** The engine version this host announces: its own, unless {@code hello.engine:V} is armed. */
    String announcedEngine(String actual) {
        return armed.stream().filter(a -> a.startsWith(ENGINE_PREFIX)).findFirst()
                .map(a -> a.substring(ENGINE_PREFIX.length())).orElse(actual);
    }

    /** Whether data sent at this point should be corrupted. */
    boolean corrupts(String point) {
        return armed.contains(point + ":corrupt");
    }
}
