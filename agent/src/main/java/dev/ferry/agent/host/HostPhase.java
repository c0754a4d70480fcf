package dev.ferry.agent.host;

import java.util.EnumSet;
import java.util.Set;

/**
 * A host daemon's lifecycle, as the host sees it (the coordinator keeps its own view of each host:
 * ALIVE, SUSPECT, DEAD).
 *
 * <pre>
 * STARTING ──▶ JOINING ⇄ JOINED
 *                 └────────┴──▶ STOPPED
 * </pre>
 */
enum HostPhase {
    STARTING, JOINING, JOINED, STOPPED;

    private Set<HostPhase> next() {
        return switch (this) {
            case STARTING -> EnumSet.of(JOINING, STOPPED);
            case JOINING -> EnumSet.of(JOINED, STOPPED);
            case JOINED -> EnumSet.of(JOINING, STOPPED);
            case STOPPED -> EnumSet.noneOf(HostPhase.class);
        };
    }

    /**
     * The phase after this one.
     *
     * @throws IllegalStateException naming both phases if the move is not allowed
     */
    HostPhase moveTo(HostPhase to) {
        if (!next().contains(to)) {
            throw new IllegalStateException("a host cannot go from " + this + " to " + to);
        }
        return to;
    }
}
