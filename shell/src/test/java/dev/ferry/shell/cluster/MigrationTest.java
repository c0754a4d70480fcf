package dev.ferry.shell.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.shell.coordinator.Coordinator;
import dev.ferry.shell.coordinator.MigrationView;
import dev.ferry.shell.coordinator.TaskStatus;
import dev.ferry.shell.coordinator.TaskView;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Tasks moved between real host JVMs over loopback. */
class MigrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    static String count(int n) {
        return IntStream.range(0, n).mapToObj(i -> i + "\n").collect(Collectors.joining());
    }

    /** The output without the move markers. */
    static String withoutMarkers(String output) {
        return output.lines().filter(l -> !l.startsWith("moved ")).map(l -> l + "\n").collect(Collectors.joining());
    }

    @Test
    void aCounterMovedMidCountCarriesOnFromTheNextNumber() throws Exception {
        try (MiniCluster cluster = MiniCluster.start("counter-moves", 2)) {
            Coordinator c = cluster.coordinator();
            TaskView task = Coordinator.await(c.launch("dev.ferry.samples.Counter", List.of("80", "50"), "host-1"), WAIT);
            assertEquals("host-1", task.host());
            cluster.awaitOutput(task.id(), "8\n", WAIT);
            MigrationView move = Coordinator.await(c.migrate(task.id(), "host-2"), WAIT);
            assertEquals("DONE", move.outcome(), move.toString());
            assertTrue(move.downtimeNanos() > 0, move.toString());
            assertEquals("host-2", cluster.task(task.id()).host());
            TaskView done = cluster.awaitTask(task.id(), TaskStatus.FINISHED, WAIT);
            String output = c.output(task.id());
            assertEquals(count(80), withoutMarkers(output), cluster.describe());
            assertTrue(output.contains("moved host-1 -> host-2\n"), output);
            assertEquals(1, done.moves());
            assertEquals(1, done.epoch());
        }
    }

    @Test
    void fiveMovesRoundRobinLoseAndRepeatNothing() throws Exception {
        try (MiniCluster cluster = MiniCluster.start("round-robin", 3)) {
            Coordinator c = cluster.coordinator();
            TaskView task = Coordinator.await(c.launch("dev.ferry.samples.Counter", List.of("100", "40"), "host-1"), WAIT);
            String[] route = {"host-2", "host-3", "host-1", "host-2", "host-3"};
            int seen = 2;
            for (String to : route) {
                cluster.awaitOutput(task.id(), seen + "\n", WAIT);
                Coordinator.await(c.migrate(task.id(), to), WAIT);
                seen += 4;
            }
            TaskView done = cluster.awaitTask(task.id(), TaskStatus.FINISHED, WAIT);
            assertEquals(count(100), withoutMarkers(c.output(task.id())), cluster.describe());
            assertEquals(5, done.moves());
            assertEquals("host-3", done.host());
            assertEquals(5, done.history().size());
        }
    }

    @Test
    void aTaskMovesBackAndForthBetweenJdk17AndJdk25Hosts() throws Exception {
        java.nio.file.Path jdk25 = java.nio.file.Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(jdk25), "no JDK 25 at " + jdk25);
        try (MiniCluster cluster = MiniCluster.start("jdk17-jdk25", 1)) {
            cluster.startHost("host-25", "-Dferry.test.javaHome=" + jdk25);
            cluster.awaitHosts(2);
            Coordinator c = cluster.coordinator();
            TaskView task = Coordinator.await(c.launch("dev.ferry.samples.Counter", List.of("150", "30"), "host-1"), WAIT);
            cluster.awaitOutput(task.id(), "4\n", WAIT);
            Coordinator.await(c.migrate(task.id(), "host-25"), WAIT);
            cluster.awaitOutput(task.id(), "60\n", WAIT);
            Coordinator.await(c.migrate(task.id(), "host-1"), WAIT);
            cluster.awaitTask(task.id(), TaskStatus.FINISHED, WAIT);
            assertEquals(count(150), withoutMarkers(c.output(task.id())), cluster.describe());
            assertTrue(cluster.host("host-25").javaVersion().startsWith("25"), cluster.host("host-25").javaVersion());
        }
    }

    @Test
    void aTaskThatFailsAtOnceAfterAMoveWasMoved_andFailedAtItsDestination() throws Exception {
        try (MiniCluster cluster = MiniCluster.start("fails-after-move", 2)) {
            Coordinator c = cluster.coordinator();
            TaskView task = Coordinator.await(c.launch("dev.ferry.shell.cluster.tasks.FailsAfterMove", List.of(),
                    "host-1"), WAIT);
            cluster.awaitOutput(task.id(), "3\n", WAIT);
            MigrationView move = Coordinator.await(c.migrate(task.id(), "host-2"), WAIT);
            assertEquals("DONE", move.outcome(), move + "\n" + cluster.describe());
            TaskView end = cluster.awaitTask(task.id(), TaskStatus.FAILED, WAIT);
            assertEquals("host-2", end.host(), cluster.describe());
            assertEquals(1, end.moves(), cluster.describe());
            assertTrue(end.detail().contains("failed at once after the move"), end.detail());
            assertTrue(cluster.events.stream().noneMatch(e -> e.kind().equals("migration.failed")), cluster.describe());
        }
    }
}
