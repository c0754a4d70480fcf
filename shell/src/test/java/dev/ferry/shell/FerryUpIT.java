package dev.ferry.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code ./ferry up} and {@code ./ferry shell} end to end, through the launcher and the packaged
 * jar: the README's demo, exit statuses, hosts that stop with the shell however it ends, and a
 * shell restarted under running hosts getting its task table back.
 */
class FerryUpIT {
    private static final Duration EXIT = Duration.ofSeconds(90);

    @Test
    void ferryUp_launchThenMigrate_theCountGoesOnFromTheOtherHost_andNoHostIsLeft() throws Exception {
        FerryCli cli = new FerryCli("up-demo");
        FerryCli.Result r = cli.run(List.of("launch Counter 150 20", "migrate 1 host-2", "logs -f 1", "ps --json", "exit"),
                EXIT, "up", "--hosts", "2");
        assertEquals(0, r.status(), r.toString());
        List<String> out = r.out().lines().toList();
        assertEquals("task 1 (dev.ferry.samples.Counter 150 20) runs on host-1", out.get(0), r.toString());
        assertTrue(out.get(1).startsWith("task 1 moved host-1 -> host-2 ("), r.toString());
        String counted = out.stream().filter(l -> l.matches("\\d+")).map(l -> l + "\n").collect(Collectors.joining());
        assertEquals(IntStream.range(0, 150).mapToObj(i -> i + "\n").collect(Collectors.joining()), counted, r.toString());
        assertTrue(out.contains("[ferry] moved host-1 -> host-2"), r.toString());
        assertTrue(out.get(out.size() - 2).endsWith("task 1 finished on host-2 (exit status 0)"), r.toString());
        assertTrue(out.get(out.size() - 1).contains("\"host\":\"host-2\",\"status\":\"FINISHED\""), r.toString());
        assertFalse(r.out().contains("\u001b["), "no colours without a terminal");
        assertTrue(r.err().contains("ferry up: web console: http://127.0.0.1:"), "ferry up serves the web console: " + r);

        Map<String, Long> hosts = FerryCli.pids(r.err());
        assertEquals(List.of("host-1", "host-2"), List.copyOf(hosts.keySet()), r.toString());
        FerryCli.awaitGone(hosts, Duration.ofSeconds(5));
        String log = Files.readString(cli.home.resolve("logs/coordinator.0.log"));
        assertTrue(log.contains(" INFO task 1 moved host-1 -> host-2"), log);
        assertTrue(log.contains(" CONFIG coordinator listening on 127.0.0.1:"), log);
        try (var secrets = Files.list(cli.home)) {
            assertTrue(secrets.noneMatch(p -> p.getFileName().toString().endsWith(".secret")), "the secret file is removed");
        }
    }

    @Test
    void ferryUp_killedWithSigkill_itsHostsStopToo() throws Exception {
        FerryCli cli = new FerryCli("up-sigkill");
        try (FerryCli.Run up = cli.start("up", "--hosts", "2")) {
            up.type("wait hosts 2", "launch Counter 100000 50");
            Map<String, Long> hosts = up.hostPids(Duration.ofSeconds(30));
            FerryCli.await("the task to be launched", Duration.ofSeconds(60), () -> {
                try {
                    return up.out().contains("task 1 (dev.ferry.samples.Counter 100000 50) runs on");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            Path secret = Files.list(cli.home).filter(p -> p.toString().endsWith(".secret")).findFirst().orElseThrow();
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(secret)), "ferry up's secret is for its owner only");
            up.process.destroyForcibly(); // SIGKILL: no shutdown hook runs
            up.process.waitFor();
            FerryCli.awaitGone(hosts, Duration.ofSeconds(20));
        }
    }

    @Test
    void aFailingScriptCommand_exitsWithOne_andAUsageError_withTwo() throws Exception {
        FerryCli cli = new FerryCli("script-status");
        Path script = cli.home.resolve("script.ferry");
        Files.writeString(script, "hosts\nmigrate 1 host-2\nps\n");
        FerryCli.Result failed = cli.run(List.of(), EXIT, "shell", "--insecure", "--port", "0", "--script", script.toString());
        assertEquals(1, failed.status(), failed.toString());
        assertTrue(failed.out().startsWith("no host has joined yet"), failed.toString());
        assertTrue(failed.err().contains("ferry: " + script + ":2: migrate 1 host-2: no task '1' (ps lists them)"),
                failed.toString());
        assertFalse(failed.out().contains("no tasks"), "the script stops at the failure");

        FerryCli.Result noSecret = cli.run(List.of(), EXIT, "shell");
        assertEquals(2, noSecret.status(), noSecret.toString());
        assertTrue(noSecret.err().startsWith("ferry: no cluster secret: give --secret-file FILE"), noSecret.toString());
        FerryCli.Result badHosts = cli.run(List.of(), EXIT, "up", "--hosts", "none");
        assertEquals(2, badHosts.status(), badHosts.toString());
        assertTrue(badHosts.err().startsWith("ferry: --hosts takes a number from 1 to 32, not 'none'"), badHosts.toString());
    }

    @Test
    void aRestartedShell_getsItsTaskTableBackFromTheHosts() throws Exception {
        FerryCli cli = new FerryCli("restart");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process host1 = cli.startHost("host-1", port);
        Process host2 = cli.startHost("host-2", port);
        try {
            String[] shell = {"shell", "--insecure", "--port", String.valueOf(port), "--cp", "samples/target/classes"};
            FerryCli.Result first = cli.run(List.of("wait hosts 2", "launch Counter 100000 50 --on host-1",
                    "launch dev.ferry.shell.cluster.tasks.Sleeper --on host-2", "migrate 1 host-2", "ps"), EXIT, shell);
            assertEquals(0, first.status(), first.toString());

            FerryCli.Result second = cli.run(List.of("wait hosts 2", "ps --json", "launch Counter 3 1", "wait 3",
                    "kill 1", "logs 1", "logs 2"), EXIT, shell);
            assertEquals(0, second.status(), second.toString());
            String ps = second.out().lines().filter(l -> l.startsWith("[")).findFirst().orElseThrow(() ->
                    new AssertionError(second.toString()));
            assertTrue(ps.contains("{\"id\":\"1\",\"className\":\"dev.ferry.samples.Counter\",\"args\":[\"100000\",\"50\"],"
                    + "\"host\":\"host-2\",\"status\":\"RUNNING\",\"epoch\":1,"), second.toString());
            assertTrue(ps.contains("{\"id\":\"2\",\"className\":\"dev.ferry.shell.cluster.tasks.Sleeper\",\"args\":[],"
                    + "\"host\":\"host-2\",\"status\":\"RUNNING\",\"epoch\":0,"), second.toString());
            assertTrue(ps.contains("\"moves\":1"), "the adopted task keeps its moves: " + ps);
            assertTrue(second.out().contains("task 3 (dev.ferry.samples.Counter 3 1) runs on"), "new ids go on after the"
                    + " adopted ones:\n" + second);
            assertTrue(second.err().contains("task 1 (dev.ferry.samples.Counter) reported by host-2 at epoch 1"),
                    second.toString());
            // the hosts send the output they kept again: all of it for the task that never moved, and
            // for the one that moved, what its new host has, after a note of what it cannot have
            String logs = second.out().substring(second.out().indexOf("task 1 killed on host-2"));
            assertTrue(logs.matches("(?s).*\n\\[ferry\\] \\d+ bytes of stdout were lost\n\\d+\n.*"), second.toString());
            assertTrue(logs.endsWith("\nsleeping\n"), second.toString());
        } finally {
            host1.destroyForcibly();
            host2.destroyForcibly();
            host1.waitFor();
            host2.waitFor();
        }
    }

    @Test
    void ferryUp_onJdk25_movesACounterToo() throws Exception {
        java.nio.file.Path jdk25 = java.nio.file.Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(jdk25.resolve("bin/java")),
                "no JDK 25 at " + jdk25);
        FerryCli cli = new FerryCli("up-jdk25", jdk25.toString());
        FerryCli.Result r = cli.run(List.of("launch Counter 150 20", "migrate 1 host-2", "logs -f 1", "hosts --json", "exit"),
                EXIT, "up", "--hosts", "2");
        assertEquals(0, r.status(), r.toString());
        String counted = r.out().lines().filter(l -> l.matches("\\d+")).map(l -> l + "\n").collect(Collectors.joining());
        assertEquals(IntStream.range(0, 150).mapToObj(i -> i + "\n").collect(Collectors.joining()), counted, r.toString());
        assertTrue(r.out().contains("\"javaVersion\":\"25"), "the hosts run on JDK 25: " + r);
        assertFalse(r.err().contains("WARNING"), "no JVM warnings: " + r);
    }
}
