package dev.ferry.shell.coordinator;

import java.util.EnumSet;
import java.util.Set;

/**
 * A host as the coordinator sees it.
 *
 * <pre>
 * JOINING ──hello──▶ ALIVE ──silent / connection lost──▶ SUSPECT ──silent longer──▶ DEAD
 *                      ▲                                   │                          │
 *                      └────────── heartbeat ──────────────┘◀────── hello again ──────┘
 * </pre>
 * A DEAD host's tasks are LOST; if the host comes back and still runs them, they are RUNNING again.
 */
public enum HostState {
    JOINING, ALIVE, SUSPECT, DEAD;

    private Set<HostState> next() {
        return switch (this) {
            case JOINING -> EnumSet.of(ALIVE, DEAD);
            case ALIVE -> EnumSet.of(SUSPECT, DEAD);
            case SUSPECT -> EnumSet.of(ALIVE, DEAD);
            case DEAD -> EnumSet.of(ALIVE);
        };
    }

    /**
     * Checks a transition.
     *
     * @throws IllegalStateException naming both states if it is not allowed
     */
    public HostState checkMoveTo(HostState to) {
        if (!next().contains(to)) {
            throw new IllegalStateException("a host cannot go from " + this + " to " + to);
        }
        return to;
    }
}
