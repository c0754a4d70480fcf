package dev.ferry.shell.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.shell.coordinator.ClusterException;
import dev.ferry.shell.coordinator.Coordinator;
import dev.ferry.shell.coordinator.HostState;
import dev.ferry.shell.coordinator.MigrationView;
import dev.ferry.shell.coordinator.TaskStatus;
import dev.ferry.shell.coordinator.TaskView;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Launch, kill, host failure, re-registration, authentication and code shipping, on real host JVMs. */
class ClusterOperationsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void killStopsABusyLoopAndASleeperAndBadRequestsSayWhatToDo() throws Exception {
        try (MiniCluster cluster = MiniCluster.start("kill", 2)) {
            Coordinator c = cluster.coordinator();
            TaskView spin = Coordinator.await(c.launch("dev.ferry.shell.cluster.tasks.Spin", List.of(), "host-1"), WAIT);
            TaskView sleeper = Coordinator.await(c.launch("dev.ferry.shell.cluster.tasks.Sleeper", List.of(), "host-2"), WAIT);
            cluster.awaitOutput(spin.id(), "spinning\n", WAIT);
            cluster.awaitOutput(sleeper.id(), "sleeping\n", WAIT);
            assertEquals(TaskStatus.KILLED, Coordinator.await(c.kill(spin.id()), WAIT).status());
            assertEquals(TaskStatus.KILLED, Coordinator.await(c.kill(sleeper.id()), WAIT).status());
            assertEquals("sleeping\n", c.output(sleeper.id()));

            ClusterException noHost = assertThrows(ClusterException.class,
                    () -> Coordinator.await(c.launch("dev.ferry.samples.Counter", List.of("3"), "hots-2"), WAIT));
            assertEquals("no host 'hots-2'; did you mean host-2? (hosts lists them)", noHost.getMessage());
            ClusterException noClass = assertThrows(ClusterException.class,
                    () -> Coordinator.await(c.launch("dev.ferry.samples.Countr", List.of(), "host-1"), WAIT));
            assertTrue(noClass.getMessage().contains("dev.ferry.samples.Countr is not on the task class path"),
                    noClass.getMessage());
            ClusterException again = assertThrows(ClusterException.class, () -> Coordinator.await(c.kill(spin.id()), WAIT));
            assertTrue(again.getMessage().contains("already KILLED"), again.getMessage());
            ClusterException noTask = assertThrows(ClusterException.class, () -> Coordinator.await(c.migrate("99", "host-1"), WAIT));
            assertTrue(noTask.getMessage().startsWith("no task '99'"), noTask.getMessage());

            // What JDK code prints on the task's thread (it reads System.err itself) is the task's output too.
            TaskView printer = Coordinator.await(c.launch("dev.ferry.shell.cluster.tasks.PrintsThroughTheJdk", List.of(),
                    "host-1"), WAIT);
            cluster.awaitTask(printer.id(), TaskStatus.FINISHED, WAIT);
            String out = c.output(printer.id());
            assertTrue(out.contains("before") && out.contains("after"), out);
            assertTrue(out.contains("java.lang.IllegalStateException: a stack trace for the task's log")
                    && out.contains("dev.ferry.shell.cluster.tasks.PrintsThroughTheJdk.main(PrintsThroughTheJdk.java:"), out);
            assertTrue(out.contains("WARNING: a warning for the task's log"), out);
        }
    }

    @Test
    void aHostKilledWithSigkillBecomesDeadAndItsTaskIsReportedLost() throws Exception {
        try (MiniCluster cluster = MiniCluster.start("host-dies", 2)) {
            Coordinator c = cluster.coordinator();
            TaskView task = Coordinator.await(c.launch("dev.ferry.samples.Counter", List.of("1000", "20"), "host-1"), WAIT);
            cluster.awaitOutput(task.id(), "3\n", WAIT);
            cluster.kill9("host-1");
            cluster.awaitHostState("host-1", HostState.DEAD, WAIT);
            TaskView lost = cluster.awaitTask(task.id(), TaskStatus.LOST, WAIT);
            assertTrue(lost.detail().contains("host-1 is DEAD"), lost.detail());
            assertTrue(cluster.events.stream().anyMatch(e -> e.kind().equals("host.suspect")));
            assertTrue(cluster.events.stream().anyMatch(e -> e.kind().equals("host.dead")
                    && e.level() == java.util.logging.Level.SEVERE));
            assertTrue(Files.readString(cluster.logDirectory().resolve("coordinator.0.log")).contains("SEVERE host host-1 is DEAD"));

            cluster.startHost("host-1"); // restarted without the task
            cluster.awaitHostState("host-1", HostState.ALIVE, WAIT);
            TaskView still = cluster.task(task.id());
            assertEquals(TaskStatus.LOST, still.status());
            assertTrue(still.detail().contains("came back without it"), still.detail());
            // and the restarted host is fully back: it takes work and reports it
            TaskView again = Coordinator.await(c.launch("dev.ferry.samples.Counter", List.of("3", "1"), "host-1"), WAIT);
            assertEquals(TaskStatus.FINISHED, cluster.awaitTask(again.id(), TaskStatus.FINISHED, WAIT).status());
        }
    }

    @Test
    void aHostCutOffLongEnoughToBeDeadComesBackWithItsTask() throws Exception {
        try (MiniCluster cluster = MiniCluster.start("host-returns", 1)) {
            Coordinator c = cluster.coordinator();
            TaskView task = Coordinator.await(c.launch("dev.ferry.samples.Counter", List.of("100", "20"), "host-1"), WAIT);
            cluster.awaitOutput(task.id(), "3\n", WAIT);
            long pid = cluster.process("host-1").pid();
            new ProcessBuilder("kill", "-STOP", "" + pid).start().waitFor(); // frozen: silent, but not dead
            cluster.awaitTask(task.id(), TaskStatus.LOST, WAIT);
            new ProcessBuilder("kill", "-CONT", "" + pid).start().waitFor();
            cluster.awaitTask(task.id(), TaskStatus.FINISHED, WAIT);
            assertEquals(MigrationTest.count(100), c.output(task.id()), cluster.describe());
            assertTrue(cluster.events.stream().anyMatch(e -> e.kind().equals("task.back")));
        }
    }

    @Test
    void aCorruptedSnapshotIsRefusedAndTheTaskRunsOnAtTheSource() throws Exception {
        try (MiniCluster cluster = MiniCluster.start("corrupt", 0)) {
            cluster.startHost("host-1", "-Dferry.fault=source.transfer:corrupt");
            cluster.startHost("host-2");
            cluster.awaitHosts(2);
            Coordinator c = cluster.coordinator();
            TaskView task = Coordinator.await(c.launch("dev.ferry.samples.Counter", List.of("150", "20"), "host-1"), WAIT);
            cluster.awaitOutput(task.id(), "3\n", WAIT);
            ClusterException e = assertThrows(ClusterException.class, () -> Coordinator.await(c.migrate(task.id(), "host-2"), WAIT));
            assertTrue(e.getMessage().contains("VERIFY") && e.getMessage().contains("corrupt"), e.getMessage());
            TaskView end = cluster.awaitTask(task.id(), TaskStatus.FINISHED, WAIT);
            assertEquals("host-1", end.host());
            assertEquals(MigrationTest.count(150), c.output(task.id()));
            assertEquals("FAILED", end.history().get(0).outcome());
        }
    }

    @Test
    void aMoveToAHostOfAnotherEngineVersionIsRefusedBeforeTheTaskStops() throws Exception {
        try (MiniCluster cluster = MiniCluster.start("engines", 1)) {
            cluster.startHost("host-2", "-Dferry.fault=hello.engine:0"); // as a host of another Ferry build
            cluster.awaitHosts(2);
            Coordinator c = cluster.coordinator();
            TaskView task = Coordinator.await(c.launch("dev.ferry.samples.Counter", List.of("150", "20"), "host-1"), WAIT);
            cluster.awaitOutput(task.id(), "3\n", WAIT);
            ClusterException e = assertThrows(ClusterException.class, () -> Coordinator.await(c.migrate(task.id(), "host-2"), WAIT));
            assertTrue(e.getMessage().contains("(engine 0)") && e.getMessage().contains("same Ferry build"), e.getMessage());
            assertEquals(TaskStatus.RUNNING, c.tasks().stream().filter(t -> t.id().equals(task.id())).findFirst()
                    .orElseThrow().status(), "refused before anything stopped");
            TaskView end = cluster.awaitTask(task.id(), TaskStatus.FINISHED, WAIT);
            assertEquals("host-1", end.host());
            assertEquals(MigrationTest.count(150), c.output(task.id()));
        }
    }

    @Test
    void aDestinationWithoutTheTasksCodeFetchesItFromTheSource() throws Exception {
        try (MiniCluster cluster = MiniCluster.start("no-code", 1)) {
            cluster.startHost("host-2", List.of(), List.of(), List.of("--insecure")); // no samples here
            cluster.awaitHosts(2);
            Coordinator c = cluster.coordinator();
            ClusterException notHere = assertThrows(ClusterException.class, () -> Coordinator.await(
                    c.launch("dev.ferry.samples.Counter", List.of("3"), "host-2"), WAIT));
            assertTrue(notHere.getMessage().contains("not on the task class path"), notHere.getMessage());
            TaskView task = Coordinator.await(c.launch("dev.ferry.samples.Counter", List.of("150", "20"), "host-1"), WAIT);
            cluster.awaitOutput(task.id(), "3\n", WAIT);
            MigrationView move = Coordinator.await(c.migrate(task.id(), "host-2"), WAIT);
            assertEquals("DONE", move.outcome());
            cluster.awaitTask(task.id(), TaskStatus.FINISHED, WAIT);
            assertEquals(MigrationTest.count(150), MigrationTest.withoutMarkers(c.output(task.id())));
            assertTrue(Files.readString(cluster.logDirectory().resolve("host-2.log")).contains("fetching classes"),
                    cluster.describe());
        }
    }

    @Test
    void aHostWithTheWrongSecretIsRefusedAndOneWithTheRightSecretJoins() throws Exception {
        try (MiniCluster cluster = MiniCluster.secured("secret", "the right secret, long enough")) {
            java.nio.file.Path wrong = cluster.logDirectory().resolve("wrong-secret");
            Files.writeString(wrong, "a wrong secret, also long enough\n");
            cluster.startHost("intruder", List.of(MiniCluster.SAMPLES.toString()), List.of(),
                    List.of("--secret-file", wrong.toString()));
            cluster.await("the intruder refused", WAIT, () -> cluster.events.stream()
                    .anyMatch(e -> e.kind().equals("host.refused") && e.text().contains("wrong cluster secret")));
            assertTrue(cluster.coordinator().hosts().isEmpty());

            Process noSecret = cluster.startHost("careless", List.of(), List.of(), List.of("--port", "0"));
            assertTrue(noSecret.waitFor(20, TimeUnit.SECONDS));
            assertEquals(2, noSecret.exitValue());
            assertTrue(Files.readString(cluster.logDirectory().resolve("careless.log")).contains("no cluster secret"));

            cluster.startHost("host-1");
            cluster.awaitHosts(1);
            TaskView task = Coordinator.await(cluster.coordinator().launch("dev.ferry.samples.Counter", List.of("3", "1"),
                    "host-1"), WAIT);
            cluster.awaitTask(task.id(), TaskStatus.FINISHED, WAIT);
        }
    }

    @Test
    void anApplicationJvmWithTheAgentAsHostJoinsAndGarbageOnItsPortsHurtsNoOne() throws Exception {
        try (MiniCluster cluster = MiniCluster.start("embedded", 1)) {
            // The application's own main (a sleeper) runs; the agent's host daemon runs beside it.
            List<String> command = dev.ferry.shell.up.LocalHosts.javaCommand(
                    java.nio.file.Path.of(System.getProperty("java.home")));
            command.addAll(List.of("-javaagent:" + MiniCluster.AGENT_JAR + "=host,name=embedded,join="
                            + cluster.coordinator().address() + ",cp=" + MiniCluster.SAMPLES + ",insecure",
                    "-cp", MiniCluster.TEST_TASKS.toString(), "dev.ferry.shell.cluster.tasks.Sleeper"));
            Process app = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(cluster.logDirectory().resolve("embedded.log").toFile()).start();
            try {
                cluster.awaitHosts(2);
                String address = cluster.host("embedded").address();
                int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
                // Garbage on the host's peer port and on the coordinator's port: each closes that connection only.
                for (int target : new int[] {port, cluster.coordinator().port()}) {
                    try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), target)) {
                        s.getInputStream().readNBytes(4); // the challenge's length
                        s.getOutputStream().write(new byte[] {0x7f, 0x7f, 0x7f, 0x7f, 1, 2, 3});
                        s.getOutputStream().flush();
                        s.getInputStream().readAllBytes(); // until the other side closes
                    }
                }
                Coordinator c = cluster.coordinator();
                TaskView task = Coordinator.await(c.launch("dev.ferry.samples.Counter", List.of("150", "20"), "embedded"), WAIT);
                cluster.awaitOutput(task.id(), "3\n", WAIT);
                Coordinator.await(c.migrate(task.id(), "host-1"), WAIT);
                cluster.awaitTask(task.id(), TaskStatus.FINISHED, WAIT);
                assertEquals(MigrationTest.count(150), MigrationTest.withoutMarkers(c.output(task.id())));
                assertTrue(app.isAlive());
                String log = Files.readString(cluster.logDirectory().resolve("embedded.log"));
                assertTrue(log.contains("closed a peer connection") && log.contains("limit"), log);
                assertTrue(cluster.events.stream().anyMatch(e -> e.kind().equals("host.refused")));
            } finally {
                app.destroyForcibly().waitFor();
            }
        }
    }
}
