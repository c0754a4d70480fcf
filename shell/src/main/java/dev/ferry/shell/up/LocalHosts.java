package dev.ferry.shell.up;

import dev.ferry.runtime.protocol.ClusterSecret;
import dev.ferry.shell.coordinator.ClusterException;
import dev.ferry.shell.coordinator.ClusterListener;
import dev.ferry.shell.coordinator.Coordinator;
import dev.ferry.shell.coordinator.HostState;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The host JVMs {@code ferry up} starts on this machine: {@code host-1..host-N}, each
 * {@code java -javaagent:ferry-agent.jar -jar ferry-agent.jar host ...} with the task class path,
 * its output appended to {@code host-N.log} in the log directory.
 *
 * <p>They must not outlive the shell. {@link #close} stops them (SIGTERM, then SIGKILL after a
 * grace period), the shell's shutdown hook calls it when the shell is stopped by a signal, and
 * each host is started with {@code --exit-with-parent} naming the shell's pid, so that even a
 * SIGKILL of the shell, which runs no hook, ends them.
 *
 * <p>Thread roles: started and waited for on the shell's main thread; {@link #close} may run on
 * the shutdown hook's thread as well, so it is synchronized.
 */
public final class LocalHosts implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(5);
    /**
     * {@code setsid(1)}: a host in a session of its own is out of the terminal's process group, so
     * a Ctrl-C typed in the shell does not reach it (it would stop every host). It execs in place
     * (a child of the JVM never leads its process group), so the pid stays the host's.
     */
    private static final java.util.Optional<Path> SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(Files::isExecutable).findFirst();

    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Path logDirectory;

    private LocalHosts(Path logDirectory) {
        this.logDirectory = logDirectory;
    }

    /**
     * Starts {@code n} hosts joining {@code coordinatorAddress}.
     *
     * @param secret the cluster secret (handed over in {@code $FERRY_SECRET}, never on a command
     *               line), or null for {@code --insecure}
     */
    public static LocalHosts start(int n, Path agentJar, List<Path> taskClassPath, String coordinatorAddress,
                                   String secret, Path logDirectory) throws IOException {
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalArgumentException(agentJar + " is missing; build it first: mvn -q package -DskipTests");
        }
        Files.createDirectories(logDirectory);
        LocalHosts hosts = new LocalHosts(logDirectory);
        try {
            for (int i = 1; i <= n; i++) {
                hosts.startHost("host-" + i, agentJar, taskClassPath, coordinatorAddress, secret);
            }
        } catch (IOException | RuntimeException e) {
            hosts.close();
            throw e;
        }
        return hosts;
    }

    /**
     * {@code java} on {@code javaHome} with what every Ferry JVM needs: from JDK 23 on, the snapshot
     * library's use of {@code sun.misc.Unsafe} and native access allowed (older JDKs refuse those
     * options), and task threads' deep stacks. The {@code ./ferry} launcher does the same in bash.
     */
    public static List<String> javaCommand(Path javaHome) {
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString()));
        if (featureVersion(javaHome) >= 23) {
            command.addAll(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"));
        }
        command.add("-Xss8m");
        return command;
    }

    /** {@link #javaCommand} with {@code jvmOptions}, running the agent jar's {@code ferry host}: its options follow. */
    public static List<String> hostCommand(Path javaHome, Path agentJar, List<String> jvmOptions) {
        List<String> command = javaCommand(javaHome);
        command.addAll(jvmOptions);
        command.addAll(List.of("-javaagent:" + agentJar, "-jar", agentJar.toString(), "host"));
        return command;
    }

    /** The JDK's feature version from its {@code release} file; this JVM's if that cannot be read. */
    private static int featureVersion(Path javaHome) {
        try {
            for (String line : Files.readAllLines(javaHome.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return Runtime.Version.parse(line.substring(13).replace("\"", "")).feature();
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // no release file (an unusual layout): assume the JDK this JVM runs on
        }
        return Runtime.version().feature();
    }

    private void startHost(String name, Path agentJar, List<Path> taskClassPath, String coordinatorAddress,
                           String secret) throws IOException {
        List<String> command = new ArrayList<>();
        SETSID.ifPresent(setsid -> command.add(setsid.toString()));
        command.addAll(hostCommand(Path.of(System.getProperty("java.home")), agentJar, List.of()));
        command.addAll(List.of("--name", name, "--join", coordinatorAddress,
                "--cp", taskClassPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                "--exit-with-parent", String.valueOf(ProcessHandle.current().pid())));
        if (secret == null) {
            command.add("--insecure");
        }
        Path log = logFile(name);
        Files.writeString(log, "---- " + Instant.now() + " ferry up starts " + name + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (secret == null) {
            pb.environment().remove(ClusterSecret.ENVIRONMENT_VARIABLE);
        } else {
            pb.environment().put(ClusterSecret.ENVIRONMENT_VARIABLE, secret);
        }
        processes.put(name, pb.start());
    }

    /** Where a host's output goes. */
    public Path logFile(String host) {
        return logDirectory.resolve(host + ".log");
    }

    /** The hosts' names and process ids, in order. */
    public synchronized Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        processes.forEach((name, p) -> pids.put(name, p.pid()));
        return pids;
    }

    /**
     * Waits until every host is ALIVE in {@code coordinator}.
     *
     * @throws ClusterException if a host process ends first (with the end of its log) or
     *                          {@code timeout} passes
     */
    public void awaitJoined(Coordinator coordinator, Duration timeout) {
        Semaphore changed = new Semaphore(0);
        ClusterListener wake = e -> changed.release();
        coordinator.addListener(wake);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Set<String> alive = coordinator.hosts().stream().filter(h -> h.state() == HostState.ALIVE)
                        .map(h -> h.name()).collect(Collectors.toSet());
                if (alive.containsAll(processes.keySet())) {
                    return;
                }
                for (Map.Entry<String, Process> e : processes.entrySet()) {
                    if (!e.getValue().isAlive()) {
                        throw new ClusterException(e.getKey() + " stopped (exit status " + e.getValue().exitValue()
                                + ") before it joined; the end of " + logFile(e.getKey()) + ":\n" + tail(e.getKey()));
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new ClusterException("the hosts did not all join within " + timeout.toSeconds() + " s (joined: "
                            + alive + "); see their logs in " + logDirectory);
                }
                changed.tryAcquire(200, TimeUnit.MILLISECONDS); // an event, or a look at the processes
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while waiting for the hosts to join");
        } finally {
            coordinator.removeListener(wake);
        }
    }

    private String tail(String host) {
        try {
            List<String> lines = Files.readAllLines(logFile(host));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every host: SIGTERM (the host kills its tasks and leaves), SIGKILL after a grace period. */
    @Override
    public synchronized void close() {
        processes.values().forEach(Process::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
