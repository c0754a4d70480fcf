package dev.ferry.shell.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.shell.coordinator.Coordinator;
import dev.ferry.shell.coordinator.HostState;
import dev.ferry.shell.coordinator.MigrationView;
import dev.ferry.shell.coordinator.TaskStatus;
import dev.ferry.shell.coordinator.TaskView;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real network partition: host-2 runs in its own network namespace, joined to the coordinator's
 * by a veth pair; the test takes the link down and up again. Needs root (ip netns); skipped, saying
 * why, where that is not allowed.
 */
class PartitionTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private final String ns = "ferry-pt-" + ProcessHandle.current().pid();
    private final String rootSide = "fpr" + ProcessHandle.current().pid() % 100000;
    private final String nsSide = "fpn" + ProcessHandle.current().pid() % 100000;
    private static final String ROOT_IP = "10.231.77.1";
    private static final String NS_IP = "10.231.77.2";

    @BeforeEach
    void createNamespace() throws Exception {
        List<String> problems = new ArrayList<>();
        run(problems, "ip", "netns", "add", ns);
        run(problems, "ip", "link", "add", rootSide, "type", "veth", "peer", "name", nsSide);
        run(problems, "ip", "link", "set", nsSide, "netns", ns);
        run(problems, "ip", "addr", "add", ROOT_IP + "/24", "dev", rootSide);
        run(problems, "ip", "link", "set", rootSide, "up");
        run(problems, "ip", "-n", ns, "addr", "add", NS_IP + "/24", "dev", nsSide);
        run(problems, "ip", "-n", ns, "link", "set", nsSide, "up");
        run(problems, "ip", "-n", ns, "link", "set", "lo", "up");
        if (!problems.isEmpty()) {
            deleteNamespace();
        }
        Assumptions.assumeTrue(problems.isEmpty(), "network namespaces unavailable (needs root and iproute2): " + problems);
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        List<String> ignored = new ArrayList<>();
        run(ignored, "ip", "link", "del", rootSide);
        run(ignored, "ip", "netns", "del", ns);
    }

    @Test
    void aHostCutOffByTheNetworkIsDeclaredDeadThenComesBackWithItsTaskAndItsOutput() throws Exception {
        try (MiniCluster cluster = MiniCluster.secured("partition", "a secret for the partition test",
                InetAddress.getByName(ROOT_IP))) {
            cluster.startHost("host-1", List.of(), List.of(MiniCluster.SAMPLES.toString()), List.of(),
                    List.of("--secret-file", cluster.secretFile().toString(), "--listen", ROOT_IP));
            cluster.startHost("host-2", List.of("ip", "netns", "exec", ns), List.of(MiniCluster.SAMPLES.toString()),
                    List.of(), List.of("--secret-file", cluster.secretFile().toString(), "--listen", NS_IP));
            cluster.awaitHosts(2);
            Coordinator c = cluster.coordinator();
            TaskView task = Coordinator.await(c.launch("dev.ferry.samples.Counter", List.of("400", "25"), "host-2"), WAIT);
            cluster.awaitOutput(task.id(), "5\n", WAIT);

            setLink("down");
            cluster.awaitHostState("host-2", HostState.DEAD, WAIT);
            TaskView lost = cluster.awaitTask(task.id(), TaskStatus.LOST, WAIT);
            assertTrue(lost.detail().contains("host-2 is DEAD"), lost.detail());
            setLink("up");

            // It was never dead: it kept counting, re-joins with the task, and sends what was lost in transit.
            cluster.awaitTask(task.id(), TaskStatus.RUNNING, WAIT);
            assertEquals(HostState.ALIVE, cluster.host("host-2").state());
            MigrationView move = Coordinator.await(c.migrate(task.id(), "host-1"), WAIT);
            assertEquals("DONE", move.outcome());
            cluster.awaitTask(task.id(), TaskStatus.FINISHED, Duration.ofSeconds(60));
            assertEquals(MigrationTest.count(400), MigrationTest.withoutMarkers(c.output(task.id())), cluster.describe());
            assertTrue(cluster.events.stream().anyMatch(e -> e.kind().equals("task.back")));
        }
    }

    private void setLink(String state) throws Exception {
        List<String> problems = new ArrayList<>();
        run(problems, "ip", "link", "set", rootSide, state);
        assertTrue(problems.isEmpty(), problems.toString());
    }

    private static void run(List<String> problems, String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                problems.add(String.join(" ", command) + ": " + output.strip());
            }
        } catch (IOException e) {
            problems.add(String.join(" ", command) + ": " + e.getMessage());
        }
    }
}
