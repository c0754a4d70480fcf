package dev.ferry.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The interactive shell in a real terminal: {@code ./ferry up} runs in a tmux session, keys are
 * typed with {@code send-keys} and the screen is read with {@code capture-pane}. tmux is installed
 * with apt-get when missing; the test is skipped, saying why, only if that is impossible.
 */
class InteractiveShellIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SESSION = "ferry-it-" + ProcessHandle.current().pid();
    /** A tmux server of the test's own (-L), so that a developer's tmux sessions are never touched. */
    private static final String SERVER = SESSION;

    @BeforeAll
    static void tmux() throws Exception {
        if (exec("tmux", "-V").status == 0) {
            return;
        }
        Exec install = exec("sh", "-c", "(apt-get install -y tmux || (apt-get update && apt-get install -y tmux)) 2>&1");
        Assumptions.assumeTrue(exec("tmux", "-V").status == 0,
                "tmux is missing and apt-get install -y tmux failed; this test needs a terminal to type in:\n" + install.out);
    }

    @AfterEach
    void killSession() throws Exception {
        exec("tmux", "-L", SERVER, "kill-server");
    }

    @Test
    void tabCompletes_andAnEventIsPrintedAboveAHalfTypedLine() throws Exception {
        FerryCli cli = new FerryCli("interactive");
        Files.deleteIfExists(cli.home.resolve("history"));
        Path exit = cli.home.resolve("exit-status");
        Files.deleteIfExists(exit);
        String command = "cd " + FerryCli.ROOT + " && JAVA_HOME=" + System.getProperty("java.home") + " FERRY_HOME="
                + cli.home + " bash ./ferry up --hosts 2; echo $? > " + exit + "; sleep 600";
        assertEquals(0, exec("tmux", "-L", SERVER, "new-session", "-d", "-s", SESSION, "-x", "160", "-y", "50", command).status);

        String started = awaitScreen("the prompt", s -> lastLine(s).equals("ferry>"));
        Map<String, Long> hosts = FerryCli.pids(started);
        assertEquals(List.of("host-1", "host-2"), List.copyOf(hosts.keySet()), started);
        assertTrue(capture(true).contains("\u001b["), "a terminal gets colours");

        keys("la", "Tab");
        awaitScreen("the command completed", s -> lastLine(s).equals("ferry> launch"));
        keys("Cou", "Tab");
        awaitScreen("the task class completed", s -> lastLine(s).equals("ferry> launch Counter"));
        keys("100000 100", "Enter");
        // The next keys wait for the prompt: typed while the shell still runs the command, they
        // are echoed by the terminal ahead of the prompt (and the Tab with them), not completed.
        String launched = awaitScreen("the launch and the prompt after it",
                s -> s.contains("task 1 (dev.ferry.samples.Counter 100000 100) runs on host-") && lastLine(s).equals("ferry>"));
        Matcher on = Pattern.compile("runs on (host-\\d)").matcher(launched);
        assertTrue(on.find());
        String other = on.group(1).equals("host-1") ? "host-2" : "host-1";

        // half a command: the task id and the other host (the one it is not on) are completed
        keys("mig", "Tab");
        awaitScreen("the command completed", s -> lastLine(s).equals("ferry> migrate"));
        keys("Tab");
        awaitScreen("the task id completed", s -> lastLine(s).equals("ferry> migrate 1"));
        keys("ho", "Tab");
        String typed = awaitScreen("the host completed", s -> lastLine(s).equals("ferry> migrate 1 " + other));
        // ... and left there: the other host is killed (-9), and the coordinator's event about it is
        // printed above the line being typed, which stays as it was. (Not the counter's end: how
        // long the completions above take on a loaded machine is not known.)
        ProcessHandle.of(hosts.get(other)).orElseThrow().destroyForcibly();
        String event = "host " + other + " is SUSPECT";
        String shown = awaitScreen("the host's event above the prompt", s -> s.contains(event));
        assertEquals("ferry> migrate 1 " + other, lastLine(shown), shown);
        List<String> lines = shown.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.subList(0, lines.size() - 1).stream().anyMatch(l -> l.contains(event)), shown);

        keys("C-u");
        keys("exit", "Enter");
        FerryCli.await("ferry up to exit", WAIT, () -> Files.exists(exit) && read(exit).strip().length() > 0);
        assertEquals("0", read(exit).strip(), capture(false));
        FerryCli.awaitGone(hosts, Duration.ofSeconds(10));
        String history = Files.readString(cli.home.resolve("history"));
        assertTrue(history.contains("launch Counter 100000 100") && history.contains("exit"), history);
    }

    private static String lastLine(String screen) {
        List<String> lines = screen.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).stripTrailing();
    }

    private static void keys(String... keys) throws Exception {
        for (String key : keys) {
            boolean named = key.equals("Tab") || key.equals("Enter") || key.startsWith("C-");
            String[] command = named ? new String[] {"tmux", "-L", SERVER, "send-keys", "-t", SESSION, key}
                    : new String[] {"tmux", "-L", SERVER, "send-keys", "-t", SESSION, "-l", key};
            assertEquals(0, exec(command).status);
        }
    }

    private static String awaitScreen(String what, java.util.function.Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String screen = capture(false);
        while (!condition.test(screen)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; the screen:\n" + screen);
            }
            Thread.sleep(100);
            screen = capture(false);
        }
        return screen;
    }

    private static String capture(boolean escapes) throws Exception {
        return escapes ? exec("tmux", "-L", SERVER, "capture-pane", "-p", "-e", "-t", SESSION).out
                : exec("tmux", "-L", SERVER, "capture-pane", "-p", "-t", SESSION).out;
    }

    private record Exec(int status, String out) {
    }

    private static Exec exec(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Exec(127, e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Exec(124, out);
        }
        return new Exec(p.exitValue(), out);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
