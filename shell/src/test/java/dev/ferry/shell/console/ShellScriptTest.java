package dev.ferry.shell.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.shell.cluster.MiniCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every shell command and its errors in scripted mode, against a real cluster (two host JVMs) and
 * the same {@link ScriptConsole} that {@code ferry shell --script} and a pipe use. The hosts are
 * shared by the tests, so each finds its own task ids in what {@code launch} prints.
 */
class ShellScriptTest {
    private static final Pattern LAUNCHED = Pattern.compile("task (\\d+) \\((.*)\\) runs on (host-\\d)");
    private static MiniCluster cluster;
    private static TaskClasses classes;

    /** What a script printed, and its exit status. */
    record Run(int status, String out, String err) {
        String taskId() {
            Matcher m = LAUNCHED.matcher(out);
            assertTrue(m.find(), "no launch in:\n" + out + err);
            return m.group(1);
        }

        String host() {
            Matcher m = LAUNCHED.matcher(out);
            assertTrue(m.find(), "no launch in:\n" + out + err);
            return m.group(3);
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = MiniCluster.start("shell-script", 2);
        classes = TaskClasses.scan(List.of(MiniCluster.SAMPLES, MiniCluster.TEST_TASKS));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    static Run script(String... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ScriptConsole.run(cluster.coordinator(), classes, new StringReader(String.join("\n", lines) + "\n"),
                "test", new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run ok(String... lines) {
        Run run = script(lines);
        assertEquals(0, run.status(), () -> "stdout:\n" + run.out() + "stderr:\n" + run.err() + cluster.describe());
        return run;
    }

    @Test
    void hostsAndPs_printTablesOrJson() {
        Run hosts = ok("hosts", "hosts --json");
        List<String> lines = hosts.out().lines().toList();
        assertTrue(lines.get(0).matches("NAME +ADDRESS +STATE +LOAD +TASKS +JAVA"), lines.get(0));
        assertTrue(lines.get(1).matches("host-1 +127\\.0\\.0\\.1:\\d+ +ALIVE .*"), lines.get(1));
        assertTrue(lines.get(2).startsWith("host-2 "), lines.get(2));
        assertTrue(lines.get(3).startsWith("[{\"name\":\"host-1\",\"address\":\"127.0.0.1:"), lines.get(3));
        assertTrue(lines.get(3).contains("\"state\":\"ALIVE\""), lines.get(3));

        Run launched = ok("launch Sleeper --on host-2");
        String id = launched.taskId();
        Run ps = ok("ps", "ps --json", "kill " + id);
        assertTrue(ps.out().lines().anyMatch(l -> l.matches(id + " +dev\\.ferry\\.shell\\.cluster\\.tasks\\.Sleeper +host-2"
                + " +RUNNING +\\d+\\.\\ds +0")), ps.out());
        assertTrue(ps.out().contains("{\"id\":\"" + id + "\",\"className\":\"dev.ferry.shell.cluster.tasks.Sleeper\","
                + "\"args\":[],\"host\":\"host-2\",\"status\":\"RUNNING\",\"epoch\":0,"), ps.out());
        assertFalse(ps.out().contains("\u001b["), "no colours in a script");
    }

    @Test
    void migrate_thenLogsFollow_showsTheCountGoingOnFromTheOtherHost() {
        Run run = ok("launch Counter 150 20 --on host-1");
        String id = run.taskId();
        Run moved = ok("migrate " + id + " host-2", "logs -f " + id, "ps --json");
        List<String> lines = moved.out().lines().toList();
        assertTrue(lines.get(0).matches("task " + id + " moved host-1 -> host-2 \\(\\d+\\.\\d\\d ms down, \\d+ .?B\\)"),
                lines.get(0));
        String output = String.join("\n", lines.subList(1, lines.size() - 2)) + "\n";
        assertTrue(output.contains("[ferry] moved host-1 -> host-2\n"), output);
        assertEquals(count(150), output.replace("[ferry] moved host-1 -> host-2\n", ""));
        assertTrue(lines.get(lines.size() - 2).endsWith("task " + id + " finished on host-2 (exit status 0)"),
                lines.get(lines.size() - 2));
        assertTrue(lines.get(lines.size() - 1).contains("\"host\":\"host-2\",\"status\":\"FINISHED\",\"epoch\":1,"),
                lines.get(lines.size() - 1));
        assertTrue(lines.get(lines.size() - 1).contains("\"moves\":1"), lines.get(lines.size() - 1));
        assertEquals(output, ok("logs " + id).out(), "logs without -f prints the same");
    }

    static String count(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> i + "\n").collect(java.util.stream.Collectors.joining());
    }

    @Test
    void killAndWait_reportHowTheTaskEnded() {
        Run run = ok("launch dev.ferry.shell.cluster.tasks.Spin");
        String id = run.taskId();
        Run killed = ok("kill " + id, "wait " + id);
        assertEquals("task " + id + " killed on " + run.host() + "\ntask " + id + " KILLED\n", killed.out());

        Run counted = ok("launch Counter 3 1", "wait hosts 2");
        Run finished = ok("wait " + counted.taskId());
        assertEquals("task " + counted.taskId() + " FINISHED on " + counted.host() + "\n", finished.out());
        assertTrue(counted.out().endsWith("2 hosts ALIVE\n"), counted.out());
    }

    @Test
    void drain_movesEveryTaskOffTheHost() {
        String a = ok("launch Sleeper --on host-1").taskId();
        String b = ok("launch --on host-1 Counter 1000 50").taskId();
        Run drained = ok("drain host-1");
        assertTrue(drained.out().contains("task " + a + " moved host-1 -> host-2"), drained.out());
        assertTrue(drained.out().contains("task " + b + " moved host-1 -> host-2"), drained.out());
        assertTrue(drained.out().endsWith("drained host-1: 2 tasks moved\n"), drained.out());
        assertEquals("host-2", cluster.task(a).host());
        assertEquals("host-2", cluster.task(b).host());
        assertEquals("host-1 runs no task; nothing to move\n", ok("drain host-1").out());
        ok("kill " + a, "kill " + b);
    }

    @Test
    void inspect_showsTheFramesAndTheTaskRunsOn() {
        String id = ok("launch Counter 1000 20").taskId();
        cluster.awaitOutput(id, "3\n", Duration.ofSeconds(30));
        Run inspected = ok("inspect " + id);
        assertTrue(inspected.out().contains("frames:"), inspected.out());
        assertTrue(inspected.out().contains("dev.ferry.samples.Counter.main"), inspected.out());
        assertTrue(inspected.out().lines().anyMatch(l -> l.matches(" +i: \\d+")), inspected.out());
        String before = cluster.coordinator().output(id);
        cluster.awaitOutput(id, before + (before.lines().count()) + "\n", Duration.ofSeconds(30)); // counts on
        ok("kill " + id);
    }

    @Test
    void help_listsTheCommandsAndExplainsOne() {
        Run help = ok("help", "help migrate");
        for (String command : List.of("hosts", "ps", "launch", "kill", "migrate", "logs", "inspect", "drain", "wait",
                "help", "exit")) {
            assertTrue(help.out().lines().anyMatch(l -> l.startsWith(command + " ")), command + " in\n" + help.out());
        }
        assertTrue(help.out().contains("usage: migrate ID HOST\n"), help.out());
    }

    @Test
    void aScriptStopsAtTheFirstFailingCommand_withStatusOneAndTheLineInTheError() {
        Run run = script("# a comment, then a blank line", "", "hosts", "kill 999", "ps");
        assertEquals(ScriptConsole.FAILED, run.status());
        assertTrue(run.out().startsWith("NAME "), run.out());
        assertFalse(run.out().contains("ID  TASK") || run.out().contains("no tasks"), "ps must not run:\n" + run.out());
        assertTrue(run.err().contains("ferry: test:4: kill 999: no task '999'"), run.err());

        assertEquals(0, script("exit", "kill 999").status(), "exit ends the script before the failing command");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            launch Counter 3 --on hots-2      | no host 'hots-2'; did you mean host-2? (hosts lists them)
            mgrate 1 host-2                   | unknown command 'mgrate'; did you mean migrate? (help lists the commands)
            kill 999                          | no task '999'
            inspect 999                       | no task '999'
            logs -f 999                       | no task '999'
            migrate 1                         | missing HOST; usage: migrate ID HOST
            migrate                           | missing ID HOST; usage: migrate ID HOST
            kill 1 2                          | too many arguments ('2'); usage: kill ID
            launch                            | which task class?; usage: launch CLASS [ARGS...] [--on HOST]
            launch Countr                     | no task class Countr on the task class path; did you mean Counter?
            launch Twin                       | Twin is ambiguous: dev.ferry.shell.console.twins.a.Twin, dev.ferry.shell.console.twins.b.Twin; give the full name
            launch dev.ferry.samples.Nope     | dev.ferry.samples.Nope is not on the task class path
            launch Counter 1 --on host-1 --on host-2 | --on HOST goes before the class or at the end, once
            hosts --yaml                      | unexpected '--yaml'; usage: hosts [--json]
            launch 'Counter                   | the quote ' is not closed
            help nothing                      | no command 'nothing' (help lists the commands)
            wait                              | wait for what?; usage: wait hosts N | wait ID
            wait hosts many                   | 'many' is not a number of hosts
            drain host-9                      | no host 'host-9'
            """)
    void aWrongCommand_saysWhatWasWrongAndWhatToDo(String line, String message) {
        Run run = script(line);
        assertEquals(ScriptConsole.FAILED, run.status(), run.out());
        assertTrue(run.err().contains("ferry: test:1: " + line + ": "), run.err());
        assertTrue(run.err().contains(message), "expected '" + message + "' in:\n" + run.err());
    }
}
