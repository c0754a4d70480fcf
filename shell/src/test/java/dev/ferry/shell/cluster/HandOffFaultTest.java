package dev.ferry.shell.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.shell.coordinator.ClusterException;
import dev.ferry.shell.coordinator.Coordinator;
import dev.ferry.shell.coordinator.TaskStatus;
import dev.ferry.shell.coordinator.TaskView;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A host killed (halted, as by {@code kill -9}) at every step of a hand-off: afterwards the task
 * runs exactly once — its output is 0..N-1 with no gap and no repeat — or it is reported LOST with
 * the step named. Never two copies, never a silent loss.
 */
class HandOffFaultTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    /** Lines the counter prints, 30 ms apart: long enough that a cold destination's pre-flight on a loaded 2-core machine ends well before it does. */
    private static final int N = 120;

    /** What the operator's {@code migrate} reports. */
    enum Move { FAILS, SUCCEEDS, EITHER }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // the destination dies: before it accepts, the source simply resumes
        "dest.prepared,     FINISHED, host-1, FAILS,    PREFLIGHT",
        "dest.received,     FINISHED, host-1, FAILS,    VERIFY",
        // after it accepted: the source asks the coordinator, which cancels the move; the source resumes
        "dest.accepted,     FINISHED, host-1, FAILS,    COMMIT",
        // after its claim was granted: the task was the destination's, and died with it
        "dest.claimed,      LOST,     host-2, FAILS,    CLAIM",
        // after it started the task: the task dies with it (whether its report of the move got out or not)
        "dest.resumed,      LOST,     host-2, EITHER,   ''",
        // the source dies: before the commit the task dies with it
        "source.preflight,  LOST,     host-1, FAILS,    PREFLIGHT",
        "source.captured,   LOST,     host-1, FAILS,    CAPTURE",
        "source.transfer,   LOST,     host-1, FAILS,    TRANSFER",
        "source.accepted,   LOST,     host-1, FAILS,    VERIFY",
        // after the commit left it: the destination claims the task and runs it
        "source.committed,  FINISHED, host-2, SUCCEEDS, ''",
    })
    void aHostKilledAtEachStepLeavesTheTaskRunningOnceOrReportedLost(String point, TaskStatus outcome, String host,
                                                                     Move move, String step) throws Exception {
        try (MiniCluster cluster = MiniCluster.start("fault-" + point, 0)) {
            cluster.startHost("host-1", "-Dferry.fault=" + point);
            cluster.startHost("host-2", "-Dferry.fault=" + point);
            cluster.awaitHosts(2);
            Coordinator c = cluster.coordinator();
            TaskView task = Coordinator.await(c.launch("dev.ferry.samples.Counter", List.of("" + N, "30"), "host-1"), WAIT);
            cluster.awaitOutput(task.id(), "5\n", WAIT);
            try {
                Coordinator.await(c.migrate(task.id(), "host-2"), WAIT);
                assertTrue(move != Move.FAILS, "the move should have failed at " + point);
            } catch (ClusterException failed) {
                assertTrue(move != Move.SUCCEEDS, "the move should have succeeded: " + failed.getMessage());
                assertTrue(failed.getMessage().contains("failed at " + step), failed.getMessage() + "\n" + cluster.describe());
            }
            TaskView end = cluster.awaitTask(task.id(), outcome, WAIT);
            assertEquals(host, end.host(), cluster.describe());
            String output = MigrationTest.withoutMarkers(c.output(task.id()));
            if (outcome == TaskStatus.FINISHED) {
                assertEquals(MigrationTest.count(N), output, cluster.describe());
            } else {
                assertTrue(MigrationTest.count(N).startsWith(output), "a gap or repeat:\n" + output);
                // the step that was reached, or (after the move) the host it died with
                assertTrue(end.detail().contains(step.isEmpty() ? host : "step " + step), end.detail());
                assertTrue(cluster.events.stream().anyMatch(e -> e.kind().equals("task.lost")
                        && e.level() == java.util.logging.Level.SEVERE));
            }
        }
    }
}
