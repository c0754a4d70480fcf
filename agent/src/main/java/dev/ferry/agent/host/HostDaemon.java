package dev.ferry.agent.host;

import dev.ferry.agent.rewrite.AsmClassRewriter;
import dev.ferry.runtime.engine.RunningTask;
import dev.ferry.runtime.engine.SystemStreams;
import dev.ferry.runtime.engine.TaskExit;
import dev.ferry.runtime.engine.TaskState;
import dev.ferry.runtime.engine.Tasks;
import dev.ferry.runtime.protocol.Connection;
import dev.ferry.runtime.protocol.Message;
import dev.ferry.runtime.protocol.ProtocolException;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Ferry host: joins the coordinator, launches and kills the tasks it is told to, forwards their
 * output, reports heartbeats with its load, and moves tasks to and from other hosts.
 *
 * <p>Its lifecycle as the cluster sees it (JOINING, ALIVE, SUSPECT, DEAD) is the coordinator's
 * {@code HostState}; the host itself only knows whether its link is up ({@link CoordinatorLink}).
 *
 * <p>Thread roles: the coordinator link's thread delivers commands to {@link #handle}, which never
 * blocks for long (moves and inspections get threads of their own); the peer listener accepts
 * other hosts' connections, each served on its own thread; {@code tasks} is concurrent.
 */
public final class HostDaemon implements AutoCloseable {
    final HostOptions options;
    final HostLog log;
    final CodeSet code;
    final FaultPoints faults;
    final CoordinatorLink link;
    /** By task id: the tasks this host runs (including one being moved away, until the move commits). */
    final Map<String, HostedTask> tasks = new ConcurrentHashMap<>();
    /** Replies the coordinator owes a migration (claims, arbitrations), by migration id. */
    final Map<String, CompletableFuture<Message>> replies = new ConcurrentHashMap<>();
    private final ServerSocket peers;
    private final ScheduledExecutorService heartbeats;

    private HostDaemon(HostOptions options, PrintStream logStream) throws IOException {
        this.options = options;
        this.log = new HostLog(options.name(), logStream);
        this.code = new CodeSet(options.taskClassPath(), options.workDirectory().resolve("code"));
        this.faults = FaultPoints.fromSystemProperty(log);
        this.peers = options.transport().bind(options.listen(), 50);
        this.link = new CoordinatorLink(options, this::hello, this::handle, log);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> daemonThread(r, "ferry-heartbeat"));
    }

    /**
     * Starts a host: binds its peer port, starts joining the coordinator (and keeps re-joining),
     * and returns at once.
     */
    public static HostDaemon start(HostOptions options, PrintStream logStream) throws IOException {
        SystemStreams.routeToTasks(); // what JDK code prints on a task's thread belongs in that task's log
        HostDaemon daemon = new HostDaemon(options, logStream);
        daemonThread(daemon::acceptPeers, "ferry-peers").start();
        daemon.link.start();
        daemon.heartbeats.scheduleWithFixedDelay(daemon::heartbeat, 100, 100, TimeUnit.MILLISECONDS);
        Warmup.start(daemon.log);
        daemon.log.info("host " + options.name() + " listening on " + daemon.address() + ", joining "
                + options.coordinator() + " (" + (options.secret().isSet() ? "secured" : "insecure, loopback only") + ", "
                + options.transport() + ")");
        return daemon;
    }

    /** Where other hosts reach this one ({@code host:port}). */
    public String address() {
        return peers.getInetAddress().getHostAddress() + ":" + peers.getLocalPort();
    }

    private Message.Hello hello() {
        return new Message.Hello(options.name(), address(), Runtime.getRuntime().availableProcessors(),
                Runtime.version().toString(), faults.announcedEngine(AsmClassRewriter.ENGINE_VERSION), reports());
    }

    private List<Message.TaskReport> reports() {
        List<Message.TaskReport> reports = new ArrayList<>();
        tasks.values().forEach(t -> reports.add(t.report()));
        return reports;
    }

    private long lastHeartbeat;

    private void heartbeat() {
        boolean joined = link.connected();
        long t = System.currentTimeMillis();
        if (!joined || t - lastHeartbeat < link.heartbeatMillis()) {
            return;
        }
        lastHeartbeat = t;
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        link.send(new Message.Heartbeat(tasks.size(), cpuLoad(), heap.getUsed(), heap.getMax(), reports()));
    }

    private static double cpuLoad() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuLoad());
        }
        return 0;
    }

    /** One command from the coordinator. */
    void handle(Message message) {
        if (message instanceof Message.Launch launch) {
            launch(launch);
        } else if (message instanceof Message.Kill kill) {
            kill(kill.taskId());
        } else if (message instanceof Message.Fence fence) {
            fence(fence);
        } else if (message instanceof Message.Migrate migrate) {
            migrate(migrate);
        } else if (message instanceof Message.OutputPosition position) {
            HostedTask task = tasks.get(position.taskId());
            if (task != null) {
                task.out.resendFrom(position.out());
                task.err.resendFrom(position.err());
            }
        } else if (message instanceof Message.Inspect inspect) {
            inspect(inspect);
        } else if (message instanceof Message.ClaimReply reply) {
            complete(reply.migrationId(), reply);
        } else if (message instanceof Message.Arbitrated reply) {
            complete(reply.migrationId(), reply);
        } else {
            log.warning("ignored an unexpected " + message.getClass().getSimpleName() + " from the coordinator");
        }
    }

    private void complete(String migrationId, Message reply) {
        CompletableFuture<Message> waiting = replies.remove(migrationId);
        if (waiting != null) {
            waiting.complete(reply);
        } else {
            log.warning("a reply for migration " + migrationId + " that no one waits for: " + reply);
        }
    }

    private void launch(Message.Launch launch) {
        if (tasks.containsKey(launch.taskId())) {
            link.send(new Message.Launched(launch.taskId(), 0, false, "task " + launch.taskId() + " already runs on "
                    + options.name()));
            return;
        }
        HostedTask task = new HostedTask(launch.taskId(), launch.className(), launch.args(), options.taskClassPath(), 0,
                System.currentTimeMillis(), 0, link::send);
        try {
            tasks.put(task.id, task);
            run(task, Tasks.start(task.classPath, task.className, task.args, task.options));
            link.send(new Message.Launched(task.id, 0, true, null));
            log.info("launched task " + task.id + ": " + task.className + " " + String.join(" ", task.args));
        } catch (RuntimeException e) {
            tasks.remove(task.id, task);
            link.send(new Message.Launched(task.id, 0, false, e.getMessage()));
            log.warning("could not launch task " + task.id + ": " + e.getMessage());
        }
    }

    /** Makes {@code running} the task's current copy, and reports how it ends (unless it is captured). */
    void run(HostedTask task, RunningTask running) {
        task.running(running);
        running.exit().whenComplete((exit, failure) -> {
            if (exit != null && exit.state() == TaskState.CAPTURED) {
                return; // whoever captured it decides what happens next
            }
            ended(task, running, exit, failure);
        });
    }

    private void ended(HostedTask task, RunningTask running, TaskExit exit, Throwable failure) {
        task.out.flush();
        task.err.flush();
        if (task.running() != running || !tasks.remove(task.id, task)) {
            return; // a stale copy (fenced), already accounted for
        }
        String state = exit != null ? exit.state().toString() : "FAILED";
        Throwable why = exit != null ? exit.failure() : failure;
        int status = exit != null && exit.state() == TaskState.FINISHED ? exit.exitStatus() : 1;
        link.send(new Message.TaskEnded(task.id, task.epoch, state, status, why == null ? null : why.toString()));
        log.info("task " + task.id + " " + state.toLowerCase() + (why == null ? "" : ": " + why));
    }

    private void kill(String taskId) {
        HostedTask task = tasks.get(taskId);
        if (task == null) {
            log.warning("kill: no task " + taskId + " on this host");
            return;
        }
        task.killRequested = true;
        RunningTask running = task.running();
        if (running != null && task.operation() == null) {
            running.kill();
        }
    }

    private void fence(Message.Fence fence) {
        HostedTask task = tasks.get(fence.taskId());
        if (task != null && task.epoch < fence.epoch()) {
            log.warning("task " + task.id + " epoch " + task.epoch + " is stale (" + fence.reason() + "): stopping this copy");
            tasks.remove(task.id, task);
            RunningTask running = task.running();
            if (running != null) {
                running.kill();
            }
        }
    }

    private void migrate(Message.Migrate migrate) {
        HostedTask task = tasks.get(migrate.taskId());
        if (task == null) {
            link.send(new Message.MigrationFailed(migrate.migrationId(), migrate.taskId(), "PREFLIGHT",
                    "task " + migrate.taskId() + " does not run on " + options.name()));
            return;
        }
        if (!task.begin("move to " + migrate.destination())) {
            link.send(new Message.MigrationFailed(migrate.migrationId(), migrate.taskId(), "PREFLIGHT",
                    "task " + migrate.taskId() + " is busy: " + task.operation()));
            return;
        }
        daemonThread(new OutboundMigration(this, task, migrate), "ferry-move-" + migrate.taskId()).start();
    }

    private void inspect(Message.Inspect inspect) {
        daemonThread(() -> link.send(Inspection.of(this, inspect)), "ferry-inspect-" + inspect.taskId()).start();
    }

    private void acceptPeers() {
        while (!peers.isClosed()) {
            Socket socket;
            try {
                socket = peers.accept();
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                log.warning("peer accept failed: " + e.getMessage());
                continue;
            }
            daemonThread(() -> servePeer(socket), "ferry-peer-" + socket.getRemoteSocketAddress()).start();
        }
    }

    private void servePeer(Socket socket) {
        try (Connection c = Connection.accept(socket, options.secret())) {
            new InboundMigration(this, c).run();
        } catch (ProtocolException e) {
            log.warning("closed a peer connection from " + socket.getRemoteSocketAddress() + ": " + e.getMessage());
        } catch (IOException e) {
            log.warning("peer connection from " + socket.getRemoteSocketAddress() + " failed: " + e.getMessage());
        }
    }

    /** The task's current copy must not run: a kill asked for during an operation is applied now. */
    void applyPendingKill(HostedTask task) {
        if (task.killRequested && task.running() != null) {
            task.running().kill();
        }
    }

    @Override
    public void close() {
        link.stop();
        heartbeats.shutdownNow();
        try {
            peers.close();
        } catch (IOException e) {
            log.warning("closing the peer port: " + e.getMessage());
        }
        tasks.values().forEach(t -> {
            RunningTask r = t.running();
            if (r != null) {
                r.kill();
            }
        });
    }

    static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
