package dev.ferry.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ferry.runtime.protocol.ClusterSecret;
import dev.ferry.shell.cluster.MiniCluster;
import dev.ferry.shell.up.LocalHosts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real launcher, {@code ./ferry}, as a user would: with the packaged jars, this JVM's
 * JDK as {@code JAVA_HOME}, and a {@code FERRY_HOME} of the test's own under
 * {@code target/it-home/NAME} (history, coordinator and host logs). Output goes to files there.
 */
final class FerryCli {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path FERRY = ROOT.resolve("ferry");
    private static final Pattern PID = Pattern.compile("(host-\\d+) \\(pid (\\d+)\\)");

    final Path home;
    private final String javaHome;

    FerryCli(String name) throws IOException {
        this(name, System.getProperty("java.home"));
    }

    /** Runs the launcher with another JDK as {@code JAVA_HOME}. */
    FerryCli(String name, String javaHome) throws IOException {
        this.javaHome = javaHome;
        this.home = Path.of("target/it-home", name).toAbsolutePath();
        Files.createDirectories(home);
        if (!Files.isRegularFile(ROOT.resolve("shell/target/ferry-shell.jar"))) {
            throw new IllegalStateException("shell/target/ferry-shell.jar is missing: run the *IT tests with mvn verify");
        }
    }

    /** A finished run: its exit status and what it printed. */
    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit status " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** A started {@code ./ferry ARGS}, with stdin a pipe this test writes to. */
    final class Run implements AutoCloseable {
        final Process process;
        private final Path out;
        private final Path err;
        private final OutputStream stdin;

        Run(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.stdin = process.getOutputStream();
        }

        void type(String... lines) throws IOException {
            stdin.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        String out() throws IOException {
            return Files.readString(out);
        }

        String err() throws IOException {
            return Files.readString(err);
        }

        /** Ends stdin (the script) and waits for the exit. */
        Result finish(Duration timeout) throws IOException, InterruptedException {
            stdin.close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("./ferry did not exit within " + timeout.toSeconds() + " s:\n" + out() + "\n" + err());
            }
            return new Result(process.exitValue(), out(), err());
        }

        /** The hosts ferry up started, by name, from its "starting N hosts host-1 (pid P), ..." line. */
        Map<String, Long> hostPids(Duration timeout) throws IOException {
            await("ferry up to start its hosts", timeout, () -> PID.matcher(read(err)).find());
            return pids(err());
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** Starts {@code ./ferry ARGS} in the checkout. */
    Run start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", FERRY.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(home, "stdout", ".txt");
        Path err = Files.createTempFile(home, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("JAVA_HOME", javaHome);
        pb.environment().put("FERRY_HOME", home.toString());
        pb.environment().remove(ClusterSecret.ENVIRONMENT_VARIABLE);
        return new Run(pb.start(), out, err);
    }

    /** Runs {@code ./ferry ARGS} with {@code script} on stdin. */
    Result run(List<String> script, Duration timeout, String... args) throws IOException, InterruptedException {
        Run run = start(args);
        run.type(script.toArray(String[]::new));
        return run.finish(timeout);
    }

    static Map<String, Long> pids(String text) {
        Map<String, Long> pids = new LinkedHashMap<>();
        Matcher m = PID.matcher(text);
        while (m.find()) {
            pids.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return pids;
    }

    /** Waits until none of the processes is alive. */
    static void awaitGone(Map<String, Long> pids, Duration timeout) {
        assertTrue(!pids.isEmpty(), "no pids to check");
        await("hosts " + pids + " to exit", timeout, () -> pids.values().stream()
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }

    /**
     * A host JVM started by hand ({@code ferry host}, as MiniCluster does), joining a coordinator on
     * {@code port}, insecure, with the samples and the test tasks.
     */
    Process startHost(String name, int port) throws IOException {
        List<String> command = LocalHosts.hostCommand(Path.of(System.getProperty("java.home")), MiniCluster.AGENT_JAR,
                List.of());
        command.addAll(List.of("--name", name, "--join", "127.0.0.1:" + port, "--insecure", "--cp",
                MiniCluster.SAMPLES + java.io.File.pathSeparator + MiniCluster.TEST_TASKS));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(name + ".log").toFile()));
        pb.environment().remove(ClusterSecret.ENVIRONMENT_VARIABLE);
        return pb.start();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        MiniCluster.poll(what, timeout, condition, () -> "");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
