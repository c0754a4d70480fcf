package dev.ferry.shell.cluster;

import dev.ferry.shell.coordinator.Coordinator;
import dev.ferry.shell.coordinator.MigrationView;
import dev.ferry.shell.coordinator.TaskView;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Migration downtime and transfer throughput between two real host JVMs on loopback. Prints
 * numbers and ratios against a baseline measured in the same run; asserts nothing about time.
 * Run: {@code mvn -q install -DskipTests && cd shell && mvn -Pbench test}.
 * Targets (issue 4): downtime p50 ≤ 2 ms, p99 ≤ 10 ms; 100 MB at ≥ 50% of a raw socket copy.
 */
@Tag("bench")
class MigrationBenchmark {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void downtimeOfSmallStateMoves() throws Exception {
        try (MiniCluster cluster = MiniCluster.start("bench-downtime", 0)) {
            // -Dferry.verbose: each host logs where each move's downtime went (in target/cluster-logs).
            cluster.startHost("host-1", "-Dferry.verbose=true");
            cluster.startHost("host-2", "-Dferry.verbose=true");
            cluster.awaitHosts(2);
            Coordinator c = cluster.coordinator();
            TaskView task = Coordinator.await(c.launch("dev.ferry.shell.cluster.tasks.Pulse", List.of(), "host-1"), WAIT);
            String[] hosts = {"host-2", "host-1"};
            for (int i = 0; i < 30; i++) { // warm-up: both JVMs run the hand-off paths through the JIT's first tier
                Coordinator.await(c.migrate(task.id(), hosts[i % 2]), WAIT);
            }
            report("hosts that have moved a task 30 times", measureMoves(c, task, hosts, 100));
            // What a host is like once the JIT has compiled what moves run: before, its compiler
            // threads take the two cores from the hand-off (see docs/benchmarks.md).
            measureMoves(c, task, hosts, 400);
            report("the same hosts after 400 more moves", measureMoves(c, task, hosts, 100));
            Coordinator.await(c.kill(task.id()), WAIT);
        }
    }

    /** Downtimes and whole-operation times of {@code n} moves, in nanoseconds, and the last snapshot's size. */
    private record Moves(List<Long> downtimes, List<Long> walls, long snapshotBytes) {
    }

    private static Moves measureMoves(Coordinator c, TaskView task, String[] hosts, int n) {
        List<Long> downtimes = new ArrayList<>();
        List<Long> walls = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            MigrationView m = Coordinator.await(c.migrate(task.id(), hosts[i % 2]), WAIT);
            walls.add(System.nanoTime() - start);
            downtimes.add(m.downtimeNanos());
            bytes = m.snapshotBytes();
        }
        Collections.sort(downtimes);
        Collections.sort(walls);
        return new Moves(downtimes, walls, bytes);
    }

    private static void report(String hosts, Moves moves) {
        System.out.printf("[bench] migration downtime, 100 moves of a small-state task (%d-byte snapshots) between %s:"
                        + " p50 %.2f ms, p99 %.2f ms, max %.2f ms (targets: p50 <= 2 ms, p99 <= 10 ms);"
                        + " whole operation as the operator sees it: p50 %.2f ms, p99 %.2f ms%n",
                moves.snapshotBytes(), hosts, ms(moves.downtimes(), 50), ms(moves.downtimes(), 99),
                moves.downtimes().get(moves.downtimes().size() - 1) / 1e6, ms(moves.walls(), 50), ms(moves.walls(), 99));
    }

    @Test
    void throughputOf100MegabytesOfState() throws Exception {
        int mb = 100;
        try (MiniCluster cluster = MiniCluster.start("bench-throughput", 2)) {
            Coordinator c = cluster.coordinator();
            TaskView task = Coordinator.await(c.launch("dev.ferry.shell.cluster.tasks.BigState", List.of("" + mb), "host-1"),
                    WAIT);
            cluster.awaitOutput(task.id(), "ready\n", WAIT);
            String[] hosts = {"host-2", "host-1"};
            double best = 0;
            long bytes = 0;
            MigrationView last = null;
            for (int i = 0; i < 4; i++) {
                last = Coordinator.await(c.migrate(task.id(), hosts[i % 2]), WAIT);
                bytes = last.snapshotBytes();
                best = Math.max(best, bytes / (last.transferNanos() / 1e9));
            }
            double raw = rawSocketCopy(bytes, true);
            double cached = rawSocketCopy(bytes, false);
            System.out.printf("[bench] %d MB of state: %d-byte snapshot, transfer %.0f MB/s (best of 4) vs raw socket copy"
                            + " of as many bytes, array to array, %.0f MB/s = %.2fx (target >= 0.50x); vs 1 MiB from"
                            + " cache to cache %.0f MB/s = %.2fx; last move: %.1f ms down%n",
                    mb, bytes, best / 1e6, raw / 1e6, best / raw, cached / 1e6, best / cached, last.downtimeNanos() / 1e6);
            Coordinator.await(c.kill(task.id()), WAIT);
        }
    }

    @Test
    void downtimeOfAMillionSmallObjects() throws Exception {
        int entries = 1_000_000;
        try (MiniCluster cluster = MiniCluster.start("bench-bigmap", 2)) {
            Coordinator c = cluster.coordinator();
            TaskView task = Coordinator.await(c.launch("dev.ferry.shell.cluster.tasks.BigMap", List.of("" + entries),
                    "host-1"), WAIT);
            cluster.awaitOutput(task.id(), "ready\n", WAIT);
            String[] hosts = {"host-2", "host-1"};
            List<Long> downtimes = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < 6; i++) {
                MigrationView m = Coordinator.await(c.migrate(task.id(), hosts[i % 2]), WAIT);
                downtimes.add(m.downtimeNanos());
                bytes = m.snapshotBytes();
            }
            System.out.printf("[bench] a HashMap<Long, Integer> of %,d entries (%,d-byte snapshot): downtime per move"
                            + " %s ms (the first two are each host's first move of such a heap)%n", entries, bytes,
                    downtimes.stream().map(d -> String.format("%.0f", d / 1e6)).toList());
            Coordinator.await(c.kill(task.id()), WAIT);
        }
    }

    /**
     * Bytes per second of copying {@code bytes} bytes over a loopback socket in 1 MiB writes, best of 3.
     *
     * <p>{@code sameBytes} is the baseline the target is judged against: like a move, it sends an
     * array of that many bytes and the reader allocates an array of that size on the first bytes and
     * reads into it, so both ends touch as much memory as the move does. Without it, the writer
     * resends one 1 MiB array and the reader reuses one 1 MiB buffer: both stay in the CPU's caches,
     * which no move of 100 MB can — the upper bound of this machine's loopback, printed for scale.
     */
    private static double rawSocketCopy(long bytes, boolean sameBytes) throws Exception {
        byte[] source = new byte[sameBytes ? Math.toIntExact(bytes) : 1 << 20];
        new java.util.Random(42).nextBytes(source);
        double best = 0;
        for (int round = 0; round < 3; round++) {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
                    try (Socket s = server.accept(); DataInputStream in = new DataInputStream(s.getInputStream())) {
                        byte[] buffer = new byte[1 << 20];
                        int n = in.read(buffer, 0, 1 << 20);
                        long first = System.nanoTime();
                        if (sameBytes) {
                            byte[] into = new byte[Math.toIntExact(bytes)];
                            System.arraycopy(buffer, 0, into, 0, n);
                            in.readFully(into, n, into.length - n);
                        } else {
                            while (in.read(buffer) > 0) {
                                // counted by the writer; the reader only drains
                            }
                        }
                        return System.nanoTime() - first;
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                     DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
                    for (long sent = 0; sent < bytes; sent += 1 << 20) {
                        int length = (int) Math.min(1 << 20, bytes - sent);
                        out.write(source, sameBytes ? (int) sent : 0, length);
                    }
                }
                best = Math.max(best, bytes / (reader.get() / 1e9));
            }
        }
        return best;
    }

    private static double ms(List<Long> sorted, int percentile) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
    }
}
