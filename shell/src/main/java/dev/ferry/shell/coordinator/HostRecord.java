package dev.ferry.shell.coordinator;

import dev.ferry.runtime.protocol.Connection;
import dev.ferry.runtime.protocol.Message;
import java.time.Instant;

/** The coordinator's record of one host. Owned by the coordinator's thread. */
final class HostRecord {
    final String name;
    HostState state = HostState.JOINING;
    Connection connection;
    String address;
    int cpus;
    String javaVersion;
    /** The Ferry engine the host rewrites task classes with: a task moves only between equal ones. */
    String engineVersion;
    /** {@code System.nanoTime()} of the last message from the host. */
    long lastHeard;
    Instant lastHeardAt;
    Message.Heartbeat load;

    HostRecord(String name) {
        this.name = name;
    }

    void moveTo(HostState to) {
        if (state != to) {
            state = state.checkMoveTo(to);
        }
    }

    HostView view() {
        Message.Heartbeat l = load;
        return new HostView(name, address, state, l == null ? 0 : l.tasks(), l == null ? 0 : l.cpuLoad(),
                l == null ? 0 : l.heapUsed(), l == null ? 0 : l.heapMax(), cpus, javaVersion, lastHeardAt);
    }
}
