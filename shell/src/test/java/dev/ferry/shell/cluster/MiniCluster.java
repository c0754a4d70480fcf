package dev.ferry.shell.cluster;

import dev.ferry.runtime.protocol.ClusterSecret;
import dev.ferry.shell.coordinator.ClusterEvent;
import dev.ferry.shell.coordinator.ClusterListener;
import dev.ferry.shell.coordinator.Coordinator;
import dev.ferry.shell.coordinator.CoordinatorOptions;
import dev.ferry.shell.coordinator.HostState;
import dev.ferry.shell.coordinator.HostView;
import dev.ferry.shell.coordinator.TaskStatus;
import dev.ferry.shell.coordinator.TaskView;
import dev.ferry.shell.up.LocalHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A real cluster for tests: a coordinator in this JVM and N host JVMs, each a separate process
 * started with the agent jar ({@code ferry host}), talking over loopback. Hosts can be killed with
 * SIGKILL, restarted, and armed with fault points. Each host's output goes to
 * {@code target/cluster-logs/<name>/host-N.log}, which a failing test prints.
 */
public final class MiniCluster implements AutoCloseable {
    public static final Path AGENT_JAR = Path.of("../agent/target/ferry-agent.jar").toAbsolutePath().normalize();
    public static final Path SAMPLES = Path.of("../samples/target/classes").toAbsolutePath().normalize();
    /** Where the test tasks ({@code dev.ferry.shell.cluster.tasks}) are compiled. */
    public static final Path TEST_TASKS = Path.of("target/test-classes").toAbsolutePath().normalize();

    /** Test timings: fast enough for tests, slow enough for a loaded 2-core machine. */
    public static final Duration HEARTBEAT = Duration.ofMillis(250);
    public static final Duration SUSPECT_AFTER = Duration.ofMillis(1500);
    public static final Duration DEAD_AFTER = Duration.ofMillis(3000);

    private final String name;
    private final Coordinator coordinator;
    private final ClusterSecret secret;
    private final Path secretFile;
    private final Path logs;
    private final Map<String, Process> hosts = new LinkedHashMap<>();
    private final Map<String, List<String>> hostClassPaths = new LinkedHashMap<>();
    public final List<ClusterEvent> events = new CopyOnWriteArrayList<>();

    private MiniCluster(String name, ClusterSecret secret, Path secretFile) throws IOException {
        this(name, secret, secretFile, java.net.InetAddress.getLoopbackAddress());
    }

    private MiniCluster(String name, ClusterSecret secret, Path secretFile, java.net.InetAddress listen) throws IOException {
        this(name, secret, secretFile, listen, dev.ferry.runtime.protocol.Transport.PLAIN);
    }

    private MiniCluster(String name, ClusterSecret secret, Path secretFile, java.net.InetAddress listen,
                        dev.ferry.runtime.protocol.Transport transport) throws IOException {
        this.name = name;
        this.secret = secret;
        this.secretFile = secretFile;
        this.logs = Path.of("target/cluster-logs", name).toAbsolutePath();
        Files.createDirectories(logs);
        this.coordinator = Coordinator.start(new CoordinatorOptions(new java.net.InetSocketAddress(listen, 0), secret,
                HEARTBEAT, SUSPECT_AFTER, DEAD_AFTER, logs, transport));
        coordinator.addListener(new ClusterListener() {
            @Override
            public void event(ClusterEvent event) {
                events.add(event);
            }
        });
        if (!Files.isRegularFile(AGENT_JAR)) {
            throw new IllegalStateException(AGENT_JAR + " is missing: run the tests through the reactor (mvn verify)");
        }
    }

    /** A cluster without a secret (loopback), with {@code n} hosts host-1..host-n, all joined. */
    public static MiniCluster start(String name, int n) throws IOException {
        MiniCluster c = new MiniCluster(name, ClusterSecret.NONE, null);
        for (int i = 1; i <= n; i++) {
            c.startHost("host-" + i);
        }
        c.awaitHosts(n);
        return c;
    }

    /** A cluster secured with {@code secret}, written to a file the hosts read, and no hosts yet. */
    public static MiniCluster secured(String name, String secret) throws IOException {
        return secured(name, secret, java.net.InetAddress.getLoopbackAddress());
    }

    /** A secured cluster over TLS with {@code keyStore} (PKCS#12, password {@code password}); no hosts yet. */
    public static MiniCluster tls(String name, String secret, Path keyStore, String password) throws IOException {
        Path file = Path.of("target/cluster-logs", name, "secret").toAbsolutePath();
        Files.createDirectories(file.getParent());
        Files.writeString(file, secret + "\n");
        return new MiniCluster(name, ClusterSecret.of(secret), file, java.net.InetAddress.getLoopbackAddress(),
                dev.ferry.runtime.protocol.Transport.tls(keyStore, password.toCharArray()));
    }

    /** A secured cluster whose coordinator listens on {@code listen}. */
    public static MiniCluster secured(String name, String secret, java.net.InetAddress listen) throws IOException {
        Path file = Path.of("target/cluster-logs", name, "secret").toAbsolutePath();
        Files.createDirectories(file.getParent());
        Files.writeString(file, secret + "\n");
        return new MiniCluster(name, ClusterSecret.of(secret), file, listen);
    }

    /** The file holding the cluster secret (null for an insecure cluster). */
    public Path secretFile() {
        return secretFile;
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    public Path logDirectory() {
        return logs;
    }

    /** Starts a host JVM with the samples and the test tasks on its class path. */
    public Process startHost(String host, String... jvmOptions) throws IOException {
        return startHost(host, List.of(SAMPLES.toString(), TEST_TASKS.toString()), List.of(jvmOptions), List.of());
    }

    public Process startHost(String host, List<String> classPath, List<String> jvmOptions, List<String> hostOptions)
            throws IOException {
        return startHost(host, List.of(), classPath, jvmOptions, hostOptions);
    }

    /**
     * Starts a host JVM, its command line preceded by {@code prefix} (e.g. {@code ip netns exec NS});
     * {@code hostOptions} replace the default secret options ({@code --insecure} or the cluster's file).
     */
    public Process startHost(String host, List<String> prefix, List<String> classPath, List<String> jvmOptions,
                             List<String> hostOptions) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        // -Dferry.test.javaHome=… on the host's JVM options picks another JDK for this host.
        String javaHome = jvmOptions.stream().filter(o -> o.startsWith("-Dferry.test.javaHome=")).findFirst()
                .map(o -> o.substring("-Dferry.test.javaHome=".length())).orElse(System.getProperty("java.home"));
        command.addAll(LocalHosts.hostCommand(Path.of(javaHome), AGENT_JAR, jvmOptions));
        command.addAll(List.of("--name", host,
                "--join", coordinator.address(), "--work", logs.resolve("work-" + host).toString()));
        if (!classPath.isEmpty()) {
            command.addAll(List.of("--cp", String.join(java.io.File.pathSeparator, classPath)));
        }
        if (hostOptions.isEmpty()) {
            command.addAll(secretFile != null ? List.of("--secret-file", secretFile.toString()) : List.of("--insecure"));
        } else {
            command.addAll(hostOptions);
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(host + ".log").toFile()));
        pb.environment().remove(ClusterSecret.ENVIRONMENT_VARIABLE);
        Process p = pb.start();
        hosts.put(host, p);
        hostClassPaths.put(host, classPath);
        return p;
    }

    /** Waits until {@code n} hosts are ALIVE. */
    public void awaitHosts(int n) {
        await("" + n + " hosts ALIVE", Duration.ofSeconds(30),
                () -> coordinator.hosts().stream().filter(h -> h.state() == HostState.ALIVE).count() >= n);
    }

    public HostView host(String host) {
        return coordinator.hosts().stream().filter(h -> h.name().equals(host)).findFirst()
                .orElseThrow(() -> new AssertionError("no host " + host));
    }

    public void awaitHostState(String host, HostState state, Duration timeout) {
        await(host + " " + state, timeout, () -> coordinator.hosts().stream()
                .anyMatch(h -> h.name().equals(host) && h.state() == state));
    }

    /** SIGKILL: no shutdown hook, no goodbye. */
    public void kill9(String host) throws InterruptedException {
        Process p = hosts.get(host);
        p.destroyForcibly();
        p.waitFor();
    }

    public Process process(String host) {
        return hosts.get(host);
    }

    public TaskView task(String id) {
        return coordinator.task(id).orElseThrow(() -> new AssertionError("no task " + id));
    }

    public TaskView awaitTask(String id, TaskStatus status, Duration timeout) {
        await("task " + id + " " + status, timeout, () -> task(id).status() == status);
        return task(id);
    }

    /** Waits until the task's output contains {@code text}. */
    public void awaitOutput(String id, String text, Duration timeout) {
        await("task " + id + " printing '" + text.strip() + "'", timeout, () -> coordinator.output(id).contains(text));
    }

    /** Polls {@code condition} until true, failing with the cluster's state and host logs after {@code timeout}. */
    public void await(String what, Duration timeout, BooleanSupplier condition) {
        poll(what, timeout, condition, this::describe);
    }

    /**
     * Polls {@code condition} until true; after {@code timeout}, fails naming {@code what}, with
     * {@code detail} (computed only then) to explain. The one way the cluster tests wait.
     */
    public static void poll(String what, Duration timeout, BooleanSupplier condition, Supplier<String> detail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + detail.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    /** The hosts, tasks, events and the tail of each host's log, for a failure message. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        coordinator.hosts().forEach(h -> b.append("  ").append(h).append('\n'));
        coordinator.tasks().forEach(t -> b.append("  ").append(t).append('\n'));
        events.forEach(e -> b.append("  event ").append(e.level()).append(' ').append(e.text()).append('\n'));
        for (String host : hosts.keySet()) {
            try {
                List<String> lines = Files.readAllLines(logs.resolve(host + ".log"));
                b.append("  --- ").append(host).append(".log (tail)\n");
                lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> b.append("  ").append(l).append('\n'));
            } catch (IOException e) {
                b.append("  (no log for ").append(host).append(")\n");
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        hosts.values().forEach(Process::destroyForcibly);
        for (Process p : hosts.values()) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        coordinator.close();
    }

    @Override
    public String toString() {
        return "MiniCluster " + name;
    }
}
