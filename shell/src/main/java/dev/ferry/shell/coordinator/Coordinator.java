package dev.ferry.shell.coordinator;

import dev.ferry.runtime.protocol.Connection;
import dev.ferry.runtime.protocol.Message;
import dev.ferry.runtime.protocol.ProtocolException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;

/**
 * The cluster's coordinator: hosts join it, and it launches, kills, moves and inspects tasks on
 * them, keeps each task's output stream, and tells its listeners what happens.
 *
 * <p>It is the arbiter of a move: a destination may run a task only once the coordinator granted
 * it the task's next epoch ({@link Message.Claim}); a source whose destination went silent asks
 * ({@link Message.Arbitrate}) and the coordinator either names the destination (it claimed) or
 * cancels the move, so no later claim succeeds. Whichever arrives first wins; that is what makes
 * a move exactly-once (docs/protocol.md).
 *
 * <p>Thread roles: every field below is read and written on the coordinator's one state thread
 * ({@code state}); socket readers and API callers hand work to it. The API's methods may be called
 * from any thread.
 */
public final class Coordinator implements AutoCloseable {
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_EVENTS = 2000;

    private final CoordinatorOptions options;
    private final ServerSocket server;
    private final ScheduledExecutorService state;
    private final CoordinatorLog log;
    private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();

    // ---- owned by the state thread ----
    private final Map<String, HostRecord> hosts = new LinkedHashMap<>();
    private final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    private final Map<String, MigrationRecord> migrations = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<Message.Inspection>> inspections = new LinkedHashMap<>();
    private final Deque<ClusterEvent> events = new ArrayDeque<>();
    private long nextTaskId = 1;
    private long nextMigrationId = 1;
    private long nextEventSeq = 1;
    private volatile boolean closed;

    private Coordinator(CoordinatorOptions options) throws IOException {
        this.options = options;
        this.log = new CoordinatorLog(options.logDirectory());
        this.server = options.transport().bind(options.listen(), 50);
        this.state = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ferry-coordinator"));
    }

    /** Starts a coordinator listening for hosts. */
    public static Coordinator start(CoordinatorOptions options) throws IOException {
        Coordinator c = new Coordinator(options);
        Thread accept = daemon(c::acceptHosts, "ferry-coordinator-accept");
        accept.start();
        long tick = Math.max(50, options.heartbeat().toMillis() / 4);
        c.state.scheduleWithFixedDelay(c::checkHosts, tick, tick, TimeUnit.MILLISECONDS);
        c.log.log(Level.CONFIG, "coordinator listening on " + c.address() + " ("
                + (options.secret().isSet() ? "secured with the cluster secret" : "insecure, loopback only") + ", "
                + options.transport() + ")");
        return c;
    }

    /** Where hosts join: {@code host:port}. */
    public String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void addListener(ClusterListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ClusterListener listener) {
        listeners.remove(listener);
    }

    // ---- queries --------------------------------------------------------------------------------

    public List<HostView> hosts() {
        return onState(() -> hosts.values().stream().map(HostRecord::view).toList());
    }

    public List<TaskView> tasks() {
        return onState(() -> tasks.values().stream().map(TaskRecord::view).toList());
    }

    public Optional<TaskView> task(String id) {
        return onState(() -> Optional.ofNullable(tasks.get(id)).map(TaskRecord::view));
    }

    /**
     * The task.
     *
     * @throws ClusterException (not found) naming the closest id that exists
     */
    public TaskView requireTask(String id) {
        return onState(() -> task0(id).view());
    }

    /** The task's output so far, with the markers of its moves. */
    public List<String> logs(String id) {
        return onState(() -> task0(id).log.entries().stream().map(TaskLog.Entry::text).toList());
    }

    /**
     * The task's output so far, handed to {@code listener.output}, and from then on each new piece
     * of it and each event about the task, until the returned {@code stop} is run. Nothing is
     * missed or repeated between the two: both happen on the coordinator's thread ({@code logs -f}).
     */
    public Runnable follow(String id, ClusterListener listener) {
        return onState(() -> {
            task0(id).log.entries().forEach(e -> listener.output(id, e.stream(), e.text()));
            ClusterListener forTask = new ClusterListener() {
                @Override
                public void event(ClusterEvent event) {
                    if (id.equals(event.taskId())) {
                        listener.event(event);
                    }
                }

                @Override
                public void output(String taskId, String stream, String text) {
                    if (id.equals(taskId)) {
                        listener.output(taskId, stream, text);
                    }
                }
            };
            listeners.add(forTask);
            return () -> listeners.remove(forTask);
        });
    }

    /** The task's output so far as one string. */
    public String output(String id) {
        return String.join("", logs(id));
    }

    /** The most recent events, oldest first. */
    public List<ClusterEvent> events() {
        return onState(() -> List.copyOf(events));
    }

    // ---- operations -----------------------------------------------------------------------------

    /**
     * Launches a task on {@code host} (null: the ALIVE host with the fewest tasks). Completes when
     * the host has started it; fails with a {@link ClusterException} saying why not.
     */
    public CompletableFuture<TaskView> launch(String className, List<String> args, String host) {
        return onStateAsync(() -> {
            HostRecord target = host == null ? leastLoaded(null) : aliveHost(host);
            TaskRecord task = newTask(String.valueOf(nextTaskId++), className, args, target.name);
            task.waiter = new CompletableFuture<>();
            send(target, new Message.Launch(task.id, className, List.copyOf(args)));
            return task.waiter.thenApply(v -> v);
        });
    }

    /** Kills a task; completes when its host reports it KILLED (or it had ended meanwhile). */
    public CompletableFuture<TaskView> kill(String id) {
        return onStateAsync(() -> {
            TaskRecord task = task0(id);
            if (task.status.isFinal()) {
                throw new ClusterException("task " + id + " is already " + task.status);
            }
            if (task.status == TaskStatus.MIGRATING) {
                throw new ClusterException("task " + id + " is moving to " + task.migration.to
                        + "; kill it when the move is over (a moment)");
            }
            if (task.status == TaskStatus.LOST) {
                throw new ClusterException("task " + id + " is LOST (" + task.detail + "); there is nothing to kill");
            }
            HostRecord host = hosts.get(task.host);
            if (host == null || host.connection == null) {
                throw new ClusterException("host " + task.host + " of task " + id + " is not connected; try again when it is");
            }
            if (task.waiter == null) {
                task.waiter = new CompletableFuture<>();
            }
            send(host, new Message.Kill(id));
            return task.waiter.thenApply(v -> v);
        });
    }

    /** Moves a task to {@code host}; completes when it runs there, fails saying where and why not. */
    public CompletableFuture<MigrationView> migrate(String id, String host) {
        return onStateAsync(() -> {
            TaskRecord task = task0(id);
            HostRecord to = aliveHost(host);
            if (task.status != TaskStatus.RUNNING) {
                throw new ClusterException("task " + id + " is " + task.status + "; only a RUNNING task can move");
            }
            if (task.host.equals(to.name)) {
                throw new ClusterException("task " + id + " already runs on " + to.name);
            }
            HostRecord from = hosts.get(task.host);
            if (from == null || from.state != HostState.ALIVE || from.connection == null) {
                throw new ClusterException("the task's host " + task.host + " is " + (from == null ? "unknown" : from.state)
                        + "; a task moves only from an ALIVE host");
            }
            if (!Objects.equals(from.engineVersion, to.engineVersion)) {
                throw new ClusterException("task " + id + " cannot move from " + from.name + " (Ferry engine "
                        + from.engineVersion + ") to " + to.name + " (engine " + to.engineVersion + "): a frame resumes"
                        + " only under the engine that rewrote it; run the same Ferry build on both hosts");
            }
            MigrationRecord m = new MigrationRecord("m" + nextMigrationId++, task.id, from.name, to.name);
            migrations.put(m.id, m);
            task.migration = m;
            task.moveTo(TaskStatus.MIGRATING);
            send(from, new Message.Migrate(m.id, task.id, to.name, to.address));
            return m.done.thenApply(v -> v);
        });
    }

    /** Moves every task off {@code host} to the other ALIVE hosts, least loaded first. */
    public CompletableFuture<List<MigrationView>> drain(String host) {
        return onStateAsync(() -> {
            HostRecord from = host(host);
            List<CompletableFuture<MigrationView>> moves = new ArrayList<>();
            Map<String, Integer> planned = new LinkedHashMap<>();
            for (TaskRecord t : tasks.values()) {
                if (t.host.equals(from.name) && t.status == TaskStatus.RUNNING) {
                    HostRecord to = leastLoaded(from.name, planned);
                    planned.merge(to.name, 1, Integer::sum);
                    moves.add(migrate(t.id, to.name));
                }
            }
            return CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new)).handle((v, e) ->
                    moves.stream().map(f -> f.isCompletedExceptionally() ? null : f.join()).toList());
        });
    }

    /** Captures the task, describes its frames, and lets it run on. */
    public CompletableFuture<String> inspect(String id) {
        return onStateAsync(() -> {
            TaskRecord task = task0(id);
            if (task.status != TaskStatus.RUNNING) {
                throw new ClusterException("task " + id + " is " + task.status + "; only a RUNNING task can be inspected");
            }
            HostRecord host = hosts.get(task.host);
            String request = "i" + nextMigrationId++;
            CompletableFuture<Message.Inspection> answer = new CompletableFuture<>();
            inspections.put(request, answer);
            send(host, new Message.Inspect(request, id));
            return answer.thenApply(i -> {
                if (!i.ok()) {
                    throw new ClusterException("cannot inspect task " + id + ": " + i.text());
                }
                return i.text();
            });
        });
    }

    /** Waits for an operation's result, turning its failure into the {@link ClusterException} it carries. */
    public static <T> T await(CompletableFuture<T> operation, Duration timeout) {
        try {
            return operation.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw cause instanceof ClusterException ce ? ce : new ClusterException(String.valueOf(cause.getMessage()));
        } catch (TimeoutException e) {
            throw new ClusterException("no answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted");
        }
    }

    // ---- hosts ----------------------------------------------------------------------------------

    private void acceptHosts() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                log.log(Level.WARNING, "accept failed: " + e.getMessage());
                continue;
            }
            daemon(() -> serveHost(socket), "ferry-host-reader").start();
        }
    }

    private void serveHost(Socket socket) {
        Connection c;
        try {
            c = Connection.accept(socket, options.secret());
        } catch (IOException | ProtocolException e) {
            post(() -> event(Level.WARNING, "host.refused", null, null,
                    "refused a connection from " + socket.getRemoteSocketAddress() + ": " + e.getMessage()));
            return;
        }
        try {
            Message first = c.receive();
            if (!(first instanceof Message.Hello hello)) {
                throw new ProtocolException("expected Hello, got " + first.getClass().getSimpleName());
            }
            CompletableFuture<Boolean> accepted = new CompletableFuture<>();
            post(() -> {
                try {
                    accepted.complete(hello(c, hello));
                } catch (RuntimeException e) {
                    accepted.completeExceptionally(e); // the reader must not wait forever
                    throw e;
                }
            });
            if (!accepted.get()) {
                c.close();
                return;
            }
            while (true) {
                Message m = c.receive();
                post(() -> onMessage(hello.host(), c, m));
            }
        } catch (IOException | ProtocolException | InterruptedException | ExecutionException e) {
            String why = e instanceof java.io.EOFException ? "connection closed" : e.getMessage();
            if (e instanceof ProtocolException) {
                log.log(Level.WARNING, "closing " + c + ": " + why);
            }
            post(() -> disconnected(c, why));
        } finally {
            c.close();
        }
    }

    private boolean hello(Connection c, Message.Hello hello) {
        HostRecord host = hosts.get(hello.host());
        if (host != null && host.connection != null && !host.connection.isClosed() && host.state != HostState.DEAD) {
            reply(c, new Message.Refused("a host named " + hello.host() + " is already connected from "
                    + host.connection.remoteAddress() + "; give this one another --name"));
            event(Level.WARNING, "host.refused", null, hello.host(), "refused a second host named " + hello.host());
            return false;
        }
        boolean rejoin = host != null;
        if (host == null) {
            host = new HostRecord(hello.host());
            hosts.put(host.name, host);
        }
        host.connection = c;
        host.address = hello.address();
        host.cpus = hello.cpus();
        host.javaVersion = hello.javaVersion();
        host.engineVersion = hello.engineVersion();
        host.lastHeard = System.nanoTime();
        host.lastHeardAt = Instant.now();
        host.moveTo(HostState.ALIVE);
        reply(c, new Message.Joined(address(), options.heartbeat().toMillis()));
        event(Level.INFO, rejoin ? "host.rejoined" : "host.joined", null, host.name, "host " + host.name
                + (rejoin ? " re-joined" : " joined") + " from " + host.address + " (Java " + hello.javaVersion() + ", "
                + hello.tasks().size() + " tasks)");
        reconcile(host, hello.tasks());
        return true;
    }

    /** A (re-)joining host's tasks against what the coordinator believes. */
    private void reconcile(HostRecord host, List<Message.TaskReport> reported) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Message.TaskReport r : reported) {
            seen.add(r.taskId());
            TaskRecord task = tasks.get(r.taskId());
            if (task == null) {
                task = newTask(r.taskId(), r.className(), r.args(), host.name);
                task.epoch = r.epoch();
                task.moves = r.moves();
                task.started = Instant.ofEpochMilli(r.startedMillis());
                task.moveTo(TaskStatus.RUNNING);
                nextTaskId = Math.max(nextTaskId, parseId(r.taskId()) + 1);
                event(Level.INFO, "task.adopted", task.id, host.name, "task " + task.id + " (" + task.className
                        + ") reported by " + host.name + " at epoch " + r.epoch());
            } else if (task.host.equals(host.name) && task.epoch == r.epoch() && !task.status.isFinal()) {
                if (task.status == TaskStatus.LOST) {
                    task.detail = null;
                    task.moveTo(TaskStatus.RUNNING);
                    event(Level.INFO, "task.back", task.id, host.name, "task " + task.id + " is back: " + host.name
                            + " still runs it");
                }
            } else {
                reply(host.connection, new Message.Fence(r.taskId(), task.epoch + 1, "task " + task.id + " is "
                        + task.status + " on " + task.host + " at epoch " + task.epoch));
                event(Level.WARNING, "task.fenced", task.id, host.name, "stopped a stale copy of task " + task.id
                        + " on " + host.name + " (epoch " + r.epoch() + "; the task is " + task.status + " on "
                        + task.host + " at epoch " + task.epoch + ")");
            }
        }
        for (TaskRecord task : tasks.values()) {
            if (task.host.equals(host.name) && seen.contains(task.id) && task.status == TaskStatus.RUNNING) {
                reply(host.connection, new Message.OutputPosition(task.id, task.log.position("out"),
                        task.log.position("err")));
            }
            if (task.host.equals(host.name) && !seen.contains(task.id)) {
                if (task.status == TaskStatus.RUNNING) {
                    lose(task, host.name + " came back without it");
                } else if (task.status == TaskStatus.LOST) {
                    task.detail = host.name + " came back without it";
                }
            }
        }
    }

    private TaskRecord newTask(String id, String className, List<String> args, String host) {
        TaskRecord task = new TaskRecord(id, className, args, host,
                new TaskLog((stream, text) -> listeners.forEach(l -> l.output(id, stream, text))));
        tasks.put(id, task);
        return task;
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void disconnected(Connection c, String why) {
        for (HostRecord host : hosts.values()) {
            if (host.connection == c) {
                host.connection = null;
                if (host.state == HostState.ALIVE) {
                    host.moveTo(HostState.SUSPECT);
                    event(Level.WARNING, "host.suspect", null, host.name, "host " + host.name + " is SUSPECT: " + why);
                }
            }
        }
    }

    private void checkHosts() {
        long now = System.nanoTime();
        for (HostRecord host : hosts.values()) {
            long silent = now - host.lastHeard;
            if (host.state == HostState.ALIVE && silent > options.suspectAfter().toNanos()) {
                host.moveTo(HostState.SUSPECT);
                event(Level.WARNING, "host.suspect", null, host.name, "host " + host.name + " is SUSPECT: no heartbeat for "
                        + Duration.ofNanos(silent).toMillis() + " ms");
            } else if (host.state == HostState.SUSPECT && silent > options.deadAfter().toNanos()) {
                host.moveTo(HostState.DEAD);
                host.load = null; // its last load is history, not load
                if (host.connection != null) {
                    host.connection.close();
                    host.connection = null;
                }
                event(Level.SEVERE, "host.dead", null, host.name, "host " + host.name + " is DEAD: silent for "
                        + Duration.ofNanos(silent).toMillis() + " ms");
                hostDied(host);
            }
        }
    }

    private void hostDied(HostRecord host) {
        for (TaskRecord task : tasks.values()) {
            MigrationRecord m = task.migration;
            boolean moving = task.status == TaskStatus.MIGRATING && m != null && m.outcome.equals("IN_PROGRESS");
            if (moving && m.to.equals(host.name) && !m.claimed) {
                continue; // the source will ask, and resume the task (the move is cancelled then)
            }
            if (moving && (m.from.equals(host.name) && !m.claimed || m.to.equals(host.name) && m.claimed)) {
                String why = host.name + " died during the move of task " + task.id + " from " + m.from + " to " + m.to
                        + " at step " + m.step;
                lose(task, why); // first: the move's failure then does not claim the task runs on
                fail(m, why);
            } else if (task.host.equals(host.name) && (task.status == TaskStatus.RUNNING
                    || task.status == TaskStatus.LAUNCHING)) {
                lose(task, "its host " + host.name + " is DEAD");
            }
        }
    }

    private void lose(TaskRecord task, String why) {
        task.detail = why;
        task.moveTo(TaskStatus.LOST);
        event(Level.SEVERE, "task.lost", task.id, task.host, "task " + task.id + " LOST: " + why);
        failWaiter(task, "task " + task.id + " was lost: " + why);
    }

    // ---- messages from hosts --------------------------------------------------------------------

    private void onMessage(String hostName, Connection c, Message message) {
        HostRecord host = hosts.get(hostName);
        if (host == null || host.connection != c) {
            return; // from a connection that has been replaced
        }
        host.lastHeard = System.nanoTime();
        host.lastHeardAt = Instant.now();
        if (host.state == HostState.SUSPECT) {
            host.moveTo(HostState.ALIVE);
            event(Level.INFO, "host.alive", null, host.name, "host " + host.name + " is ALIVE again");
        }
        if (message instanceof Message.Heartbeat hb) {
            host.load = hb;
        } else if (message instanceof Message.TaskOutput out) {
            TaskRecord task = tasks.get(out.taskId());
            if (task != null) {
                task.log.append(out.stream(), out.offset(), out.data());
            }
        } else if (message instanceof Message.Launched launched) {
            launched(host, launched);
        } else if (message instanceof Message.TaskEnded ended) {
            ended(host, ended);
        } else if (message instanceof Message.MigrationStep step) {
            MigrationRecord m = migrations.get(step.migrationId());
            if (m != null && m.outcome.equals("IN_PROGRESS") && !m.claimed) {
                m.step = step.step();
            }
        } else if (message instanceof Message.MigrationFailed failed) {
            migrationFailed(failed);
        } else if (message instanceof Message.Claim claim) {
            reply(c, claim(host, claim));
        } else if (message instanceof Message.Arbitrate question) {
            reply(c, arbitrate(question));
        } else if (message instanceof Message.Resumed resumed) {
            resumed(resumed);
        } else if (message instanceof Message.Inspection inspection) {
            CompletableFuture<Message.Inspection> waiting = inspections.remove(inspection.requestId());
            if (waiting != null) {
                waiting.complete(inspection);
            }
        } else {
            log.log(Level.WARNING, "ignored an unexpected " + message.getClass().getSimpleName() + " from " + hostName);
        }
    }

    private void launched(HostRecord host, Message.Launched launched) {
        TaskRecord task = tasks.get(launched.taskId());
        if (task == null || task.status != TaskStatus.LAUNCHING) {
            return;
        }
        if (launched.started()) {
            task.moveTo(TaskStatus.RUNNING);
            event(Level.INFO, "task.launched", task.id, host.name, "task " + task.id + " (" + task.describe()
                    + ") launched on " + host.name);
            complete(task);
        } else {
            task.detail = launched.error();
            task.ended = Instant.now();
            task.moveTo(TaskStatus.FAILED);
            event(Level.WARNING, "task.failed", task.id, host.name, "task " + task.id + " could not start on " + host.name
                    + ": " + launched.error());
            failWaiter(task, "task " + task.id + " could not start on " + host.name + ": " + launched.error());
        }
    }

    private void ended(HostRecord host, Message.TaskEnded ended) {
        TaskRecord task = tasks.get(ended.taskId());
        if (task == null || !task.host.equals(host.name) || task.epoch != ended.epoch() || task.status.isFinal()) {
            return; // a stale copy's end
        }
        TaskStatus to = TaskStatus.valueOf(ended.state());
        task.detail = ended.failure();
        task.ended = Instant.now();
        if (task.status == TaskStatus.MIGRATING && task.migration != null) {
            fail(task.migration, "the task ended before it could move");
        }
        task.moveTo(to);
        Level level = to == TaskStatus.FAILED ? Level.WARNING : Level.INFO;
        event(level, "task." + to.toString().toLowerCase(), task.id, host.name, "task " + task.id + " "
                + to.toString().toLowerCase() + " on " + host.name
                + (to == TaskStatus.FINISHED ? " (exit status " + ended.exitStatus() + ")" : "")
                + (ended.failure() == null ? "" : ": " + ended.failure()));
        complete(task);
    }

    private void migrationFailed(Message.MigrationFailed failed) {
        MigrationRecord m = migrations.get(failed.migrationId());
        if (m == null || !m.outcome.equals("IN_PROGRESS")) {
            return;
        }
        m.step = failed.step();
        callOff(m, failed.reason());
    }

    /** The move failed and the task runs on at its source. */
    private void callOff(MigrationRecord m, String why) {
        fail(m, why);
        TaskRecord task = tasks.get(m.taskId);
        if (task.status == TaskStatus.MIGRATING) {
            task.moveTo(TaskStatus.RUNNING);
        }
    }

    private void fail(MigrationRecord m, String why) {
        m.outcome = "FAILED";
        m.reason = why;
        m.ended = Instant.now();
        TaskRecord task = tasks.get(m.taskId);
        task.history.add(m.view());
        event(Level.SEVERE, "migration.failed", m.taskId, m.from, "move of task " + m.taskId + " from " + m.from
                + " to " + m.to + " failed at " + m.step + ": " + why + (task.status == TaskStatus.MIGRATING
                ? "; it runs on " + m.from : ""));
        m.done.completeExceptionally(new ClusterException("move of task " + m.taskId + " to " + m.to + " failed at "
                + m.step + ": " + why));
    }

    private Message.ClaimReply claim(HostRecord host, Message.Claim claim) {
        MigrationRecord m = migrations.get(claim.migrationId());
        TaskRecord task = tasks.get(claim.taskId());
        String refusal = null;
        if (m == null || task == null || !m.taskId.equals(task.id)) {
            refusal = "no such move";
        } else if (m.claimed) {
            return new Message.ClaimReply(m.id, task.id, true, ""); // a repeated claim
        } else if (!m.outcome.equals("IN_PROGRESS")) {
            refusal = "the move was called off (" + m.reason + ")";
        } else if (!m.to.equals(host.name)) {
            refusal = "the move goes to " + m.to + ", not " + host.name;
        } else if (task.status != TaskStatus.MIGRATING || task.epoch + 1 != claim.epoch()) {
            refusal = "task " + task.id + " is " + task.status + " at epoch " + task.epoch;
        }
        if (refusal != null) {
            event(Level.WARNING, "migration.claim-refused", claim.taskId(), host.name, "refused " + host.name
                    + "'s claim on task " + claim.taskId() + ": " + refusal);
            return new Message.ClaimReply(claim.migrationId(), claim.taskId(), false, refusal);
        }
        m.claimed = true;
        m.step = "CLAIM";
        task.host = host.name;
        task.epoch = claim.epoch();
        task.log.marker(claim.stdoutOffset(), "moved " + m.from + " -> " + m.to);
        return new Message.ClaimReply(m.id, task.id, true, "");
    }

    private Message.Arbitrated arbitrate(Message.Arbitrate question) {
        MigrationRecord m = migrations.get(question.migrationId());
        if (m == null) {
            return new Message.Arbitrated(question.migrationId(), question.taskId(), false);
        }
        if (m.claimed) {
            return new Message.Arbitrated(m.id, m.taskId, true);
        }
        if (m.outcome.equals("IN_PROGRESS")) {
            callOff(m, m.to + " went silent after accepting the task");
        }
        return new Message.Arbitrated(m.id, m.taskId, false);
    }

    private void resumed(Message.Resumed resumed) {
        MigrationRecord m = migrations.get(resumed.migrationId());
        TaskRecord task = tasks.get(resumed.taskId());
        if (m == null || task == null || !m.claimed || !m.outcome.equals("IN_PROGRESS")) {
            return;
        }
        m.outcome = "DONE";
        m.step = "DONE";
        m.downtimeNanos = resumed.downtimeNanos();
        m.snapshotBytes = resumed.snapshotBytes();
        m.transferNanos = resumed.transferNanos();
        m.ended = Instant.now();
        task.moves++;
        task.history.add(m.view());
        if (task.status == TaskStatus.MIGRATING) {
            task.moveTo(TaskStatus.RUNNING);
        }
        event(Level.INFO, "task.moved", task.id, m.to, String.format("task %s moved %s -> %s (%.2f ms down, %d bytes)",
                task.id, m.from, m.to, resumed.downtimeNanos() / 1e6, resumed.snapshotBytes()));
        m.done.complete(m.view());
    }

    private void complete(TaskRecord task) {
        if (task.waiter != null) {
            task.waiter.complete(task.view());
            task.waiter = null;
        }
    }

    private void failWaiter(TaskRecord task, String why) {
        if (task.waiter != null) {
            task.waiter.completeExceptionally(new ClusterException(why));
            task.waiter = null;
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private TaskRecord task0(String id) {
        TaskRecord task = tasks.get(id);
        if (task == null) {
            throw ClusterException.notFound("no task '" + id + "'" + Suggestions.didYouMean(id, tasks.keySet())
                    + " (ps lists them)");
        }
        return task;
    }

    private HostRecord host(String name) {
        HostRecord host = hosts.get(name);
        if (host == null) {
            throw ClusterException.notFound("no host '" + name + "'" + Suggestions.didYouMean(name, hosts.keySet())
                    + " (hosts lists them)");
        }
        return host;
    }

    private HostRecord aliveHost(String name) {
        HostRecord host = host(name);
        if (host.state != HostState.ALIVE || host.connection == null) {
            throw new ClusterException("host " + name + " is " + host.state + "; choose an ALIVE host (hosts lists them)");
        }
        return host;
    }

    private HostRecord leastLoaded(String except) {
        return leastLoaded(except, Map.of());
    }

    private HostRecord leastLoaded(String except, Map<String, Integer> planned) {
        return hosts.values().stream()
                .filter(h -> h.state == HostState.ALIVE && h.connection != null && !h.name.equals(except))
                .min(Comparator.comparingInt((HostRecord h) -> runningOn(h.name) + planned.getOrDefault(h.name, 0))
                        .thenComparing(h -> h.name))
                .orElseThrow(() -> new ClusterException(hosts.isEmpty() ? "no host has joined yet; start one with"
                        + " ferry host --name NAME --join " + address() : "no other ALIVE host"));
    }

    private int runningOn(String host) {
        return (int) tasks.values().stream().filter(t -> t.host.equals(host) && !t.status.isFinal()
                && t.status != TaskStatus.LOST).count();
    }

    private void send(HostRecord host, Message m) {
        if (host.connection == null) {
            throw new ClusterException("host " + host.name + " is not connected");
        }
        try {
            host.connection.send(m);
        } catch (IOException e) {
            host.connection.close();
            throw new ClusterException("cannot reach host " + host.name + ": " + e.getMessage());
        }
    }

    private void reply(Connection c, Message m) {
        try {
            c.send(m);
        } catch (IOException e) {
            c.close(); // its reader notices and the host is marked SUSPECT
        }
    }

    private void event(Level level, String kind, String taskId, String host, String text) {
        ClusterEvent e = new ClusterEvent(nextEventSeq++, Instant.now(), level, kind, taskId, host, text);
        events.addLast(e);
        if (events.size() > MAX_EVENTS) {
            events.removeFirst();
        }
        log.log(level, text);
        listeners.forEach(l -> l.event(e));
    }

    /** Runs {@code work} on the state thread (dropped once the coordinator is closed). */
    private void post(Runnable work) {
        try {
            state.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    // The executor would keep this to itself; a coordinator bug must be seen.
                    log.log(Level.SEVERE, "coordinator error: " + e, e);
                    throw e;
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            if (!closed) {
                throw e;
            }
        }
    }

    private <T> T onState(java.util.concurrent.Callable<T> query) {
        try {
            return state.submit(query).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted");
        }
    }

    private <T> CompletableFuture<T> onStateAsync(java.util.concurrent.Callable<CompletableFuture<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        post(() -> {
            try {
                operation.call().whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e instanceof java.util.concurrent.CompletionException
                                && e.getCause() != null ? e.getCause() : e);
                    } else {
                        result.complete(v);
                    }
                });
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.orTimeout(REPLY_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            log.log(Level.WARNING, "closing the server socket: " + e.getMessage());
        }
        post(() -> hosts.values().forEach(h -> {
            if (h.connection != null) {
                h.connection.close();
            }
        }));
        state.shutdown();
        try {
            // What is still queued may log (a host leaving): let it, before the log file closes.
            state.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
