package dev.ferry.shell.coordinator;

import java.time.Instant;

/** A host, as of when it was asked for. */
public record HostView(String name, String address, HostState state, int tasks, double cpuLoad, long heapUsed,
                       long heapMax, int cpus, String javaVersion, Instant lastHeard) {
}
