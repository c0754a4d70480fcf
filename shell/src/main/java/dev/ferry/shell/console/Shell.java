package dev.ferry.shell.console;

import dev.ferry.shell.coordinator.ClusterEvent;
import dev.ferry.shell.coordinator.ClusterException;
import dev.ferry.shell.coordinator.ClusterListener;
import dev.ferry.shell.coordinator.Coordinator;
import dev.ferry.shell.coordinator.HostState;
import dev.ferry.shell.coordinator.HostView;
import dev.ferry.shell.coordinator.MigrationView;
import dev.ferry.shell.coordinator.Suggestions;
import dev.ferry.shell.coordinator.TaskStatus;
import dev.ferry.shell.coordinator.TaskView;
import dev.ferry.shell.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The shell's commands, run one line at a time against a {@link Coordinator}, with results on a
 * {@link Screen}. It knows nothing of terminals or scripts: {@link InteractiveConsole} and
 * {@link ScriptConsole} feed it lines and decide what a failure means.
 *
 * <p>Thread roles: {@link #run} is called on one command thread. Cluster events arrive on the
 * coordinator's thread, which only queues them; the event printer thread writes them. The one
 * field both threads read, {@code reportedByCommand}, is volatile: while a command waits for an
 * outcome it prints itself (a launch, a move), the matching event is not printed twice.
 */
public final class Shell implements AutoCloseable {
    /** How long a command waits for the cluster (the coordinator gives up on a silent host sooner). */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    /** How long {@code wait} waits. */
    static final Duration WAIT_TIMEOUT = Duration.ofSeconds(60);
    private static final ClusterEvent STOP = new ClusterEvent(0, Instant.EPOCH, java.util.logging.Level.OFF, "", null,
            null, "");

    private final Coordinator coordinator;
    private final TaskClasses classes;
    private final Screen screen;
    private final Clock clock;
    private final BlockingQueue<ClusterEvent> events = new LinkedBlockingQueue<>();
    private final ClusterListener listener = this::heard;
    private final Thread printer;
    private volatile Predicate<ClusterEvent> reportedByCommand = e -> false;

    Shell(Coordinator coordinator, TaskClasses classes, Screen screen, Clock clock) {
        this.coordinator = coordinator;
        this.classes = classes;
        this.screen = screen;
        this.clock = clock;
        this.printer = new Thread(this::printEvents, "ferry-shell-events");
        printer.setDaemon(true);
        printer.start();
        coordinator.addListener(listener);
    }

    /**
     * Runs one command line (blank lines and {@code #} comments do nothing).
     *
     * @return false for {@code exit}
     * @throws CommandException for a command typed wrong
     * @throws ClusterException for what the cluster could not do
     */
    public boolean run(String line) {
        List<String> words = Words.split(line.strip());
        if (words.isEmpty() || words.get(0).startsWith("#")) {
            return true;
        }
        String name = words.get(0);
        List<String> args = words.subList(1, words.size());
        Command command = Command.named(name).orElseThrow(() -> new CommandException("unknown command '" + name + "'"
                + Suggestions.didYouMean(name, Command.names()) + " (help lists the commands)"));
        try {
            switch (command) {
                case HOSTS -> hosts(args);
                case PS -> ps(args);
                case LAUNCH -> launch(args);
                case KILL -> kill(args);
                case MIGRATE -> migrate(args);
                case LOGS -> logs(args);
                case INSPECT -> inspect(args);
                case DRAIN -> drain(args);
                case WAIT -> await(args);
                case HELP -> help(args);
                case EXIT -> {
                    expect(command, args, 0);
                    return false;
                }
            }
        } finally {
            reportedByCommand = e -> false;
        }
        return true;
    }

    // ---- commands -------------------------------------------------------------------------------

    private void hosts(List<String> args) {
        boolean json = jsonFlag(Command.HOSTS, args);
        List<HostView> hosts = coordinator.hosts().stream().sorted(Comparator.comparing(HostView::name, NATURAL)).toList();
        if (json) {
            screen.line(Json.write(hosts.stream().map(Shell::hostJson).toList()));
            return;
        }
        if (hosts.isEmpty()) {
            screen.line("no host has joined yet; start one with: ferry host --name NAME --join " + coordinator.address()
                    + " --cp TASK_CLASSPATH (and the cluster secret, or --insecure)");
            return;
        }
        Table table = new Table("NAME", "ADDRESS", "STATE", "LOAD", "TASKS", "JAVA");
        for (HostView h : hosts) {
            String load = h.heapMax() > 0 // a heartbeat has come, and the host is not DEAD
                    ? String.format("%.0f%% cpu, %s heap", h.cpuLoad() * 100, Table.bytes(h.heapUsed())) : "-";
            table.row(h.name(), String.valueOf(h.address()), h.state().toString(), load, String.valueOf(h.tasks()),
                    String.valueOf(h.javaVersion()));
        }
        table.lines().forEach(screen::line);
    }

    private static Map<String, Object> hostJson(HostView h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", h.name());
        m.put("address", h.address());
        m.put("state", h.state().toString());
        m.put("tasks", h.tasks());
        m.put("cpuLoad", Math.round(h.cpuLoad() * 1000) / 1000.0);
        m.put("heapUsed", h.heapUsed());
        m.put("heapMax", h.heapMax());
        m.put("cpus", h.cpus());
        m.put("javaVersion", h.javaVersion());
        m.put("lastHeard", h.lastHeard() == null ? null : h.lastHeard().toString());
        return m;
    }

    private void ps(List<String> args) {
        boolean json = jsonFlag(Command.PS, args);
        List<TaskView> tasks = coordinator.tasks().stream().sorted(BY_ID).toList();
        if (json) {
            screen.line(Json.write(tasks.stream().map(this::taskJson).toList()));
            return;
        }
        if (tasks.isEmpty()) {
            screen.line("no tasks; launch CLASS [ARGS...] starts one");
            return;
        }
        boolean notes = tasks.stream().anyMatch(t -> t.detail() != null);
        Table table = notes ? new Table("ID", "TASK", "HOST", "STATE", "UPTIME", "MOVES", "NOTE")
                : new Table("ID", "TASK", "HOST", "STATE", "UPTIME", "MOVES");
        for (TaskView t : tasks) {
            String[] cells = {t.id(), describe(t), t.host(), t.status().toString(), Table.duration(uptime(t)),
                String.valueOf(t.moves())};
            if (notes) {
                cells = Arrays.copyOf(cells, 7);
                cells[6] = t.detail() == null ? "" : t.detail();
            }
            table.row(cells);
        }
        table.lines().forEach(screen::line);
    }

    private Map<String, Object> taskJson(TaskView t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("className", t.className());
        m.put("args", t.args());
        m.put("host", t.host());
        m.put("status", t.status().toString()); // the key the web API uses too (the record component)
        m.put("epoch", t.epoch());
        m.put("started", t.started().toString());
        m.put("ended", t.ended() == null ? null : t.ended().toString());
        m.put("uptimeMillis", uptime(t).toMillis());
        m.put("moves", t.moves());
        m.put("detail", t.detail());
        return m;
    }

    private Duration uptime(TaskView t) {
        Instant end = t.ended() != null ? t.ended() : clock.instant();
        return Duration.between(t.started(), end);
    }

    private void launch(List<String> args) {
        String host = null;
        List<String> rest = new ArrayList<>(args);
        if (rest.size() >= 2 && rest.get(0).equals("--on")) {
            host = rest.get(1);
            rest = new ArrayList<>(rest.subList(2, rest.size()));
        }
        if (rest.isEmpty()) {
            throw usage(Command.LAUNCH, "which task class?");
        }
        String typed = rest.remove(0);
        List<String> taskArgs = rest;
        if (host == null && taskArgs.size() >= 2 && taskArgs.get(taskArgs.size() - 2).equals("--on")) {
            host = taskArgs.get(taskArgs.size() - 1);
            taskArgs = taskArgs.subList(0, taskArgs.size() - 2);
        }
        if (taskArgs.contains("--on")) {
            throw usage(Command.LAUNCH, "--on HOST goes before the class or at the end, once");
        }
        String className = classes.resolve(typed);
        Set<String> known = coordinator.tasks().stream().map(TaskView::id).collect(Collectors.toSet());
        reportedByCommand = e -> (e.kind().equals("task.launched") || e.kind().equals("task.failed"))
                && !known.contains(e.taskId());
        TaskView task = Coordinator.await(coordinator.launch(className, List.copyOf(taskArgs), host), COMMAND_TIMEOUT);
        screen.line("task " + task.id() + " (" + describe(task) + ") runs on " + task.host());
    }

    private void kill(List<String> args) {
        expect(Command.KILL, args, 1);
        String id = args.get(0);
        reportedByCommand = e -> id.equals(e.taskId()) && e.kind().startsWith("task.");
        TaskView task = Coordinator.await(coordinator.kill(id), COMMAND_TIMEOUT);
        screen.line(task.status() == TaskStatus.KILLED ? "task " + id + " killed on " + task.host()
                : "task " + id + " had ended on " + task.host() + ": " + task.status());
    }

    private void migrate(List<String> args) {
        expect(Command.MIGRATE, args, 2);
        String id = args.get(0);
        reportedByCommand = e -> id.equals(e.taskId()) && (e.kind().equals("task.moved")
                || e.kind().equals("migration.failed"));
        MigrationView m = Coordinator.await(coordinator.migrate(id, args.get(1)), COMMAND_TIMEOUT);
        screen.line(moved(m));
    }

    private static String moved(MigrationView m) {
        return String.format("task %s moved %s -> %s (%.2f ms down, %s)", m.taskId(), m.from(), m.to(),
                m.downtimeNanos() / 1e6, Table.bytes(m.snapshotBytes()));
    }

    private void drain(List<String> args) {
        expect(Command.DRAIN, args, 1);
        String host = args.get(0);
        Set<String> onHost = coordinator.tasks().stream().filter(t -> t.host().equals(host)
                && t.status() == TaskStatus.RUNNING).map(TaskView::id).collect(Collectors.toSet());
        reportedByCommand = e -> onHost.contains(e.taskId()) && (e.kind().equals("task.moved")
                || e.kind().equals("migration.failed"));
        List<MigrationView> moves = Coordinator.await(coordinator.drain(host), COMMAND_TIMEOUT);
        if (moves.isEmpty()) {
            screen.line(host + " runs no task; nothing to move");
            return;
        }
        moves.stream().filter(m -> m != null).forEach(m -> screen.line(moved(m)));
        long failed = moves.stream().filter(m -> m == null).count();
        if (failed > 0) {
            String why = coordinator.tasks().stream().filter(t -> onHost.contains(t.id()) && t.host().equals(host))
                    .map(t -> "task " + t.id() + ": " + t.history().stream().reduce((a, b) -> b)
                            .map(MigrationView::reason).orElse("not moved"))
                    .collect(Collectors.joining("; "));
            throw new ClusterException(failed + " of " + moves.size() + " moves off " + host + " failed (" + why
                    + "); those tasks run on " + host + ": try drain " + host + " again, or migrate them one by one");
        }
        screen.line("drained " + host + ": " + moves.size() + (moves.size() == 1 ? " task" : " tasks") + " moved");
    }

    private void inspect(List<String> args) {
        expect(Command.INSPECT, args, 1);
        String text = Coordinator.await(coordinator.inspect(args.get(0)), COMMAND_TIMEOUT);
        text.lines().forEach(screen::line);
    }

    private void logs(List<String> args) {
        boolean follow = !args.isEmpty() && args.get(0).equals("-f");
        List<String> rest = follow ? args.subList(1, args.size()) : args;
        expect(Command.LOGS, rest, 1);
        String id = rest.get(0);
        BlockingQueue<Piece> pieces = new LinkedBlockingQueue<>();
        if (follow) {
            reportedByCommand = e -> id.equals(e.taskId()) && ends(e); // logs -f prints the end itself
        }
        Runnable stop = coordinator.follow(id, new ClusterListener() {
            @Override
            public void event(ClusterEvent event) {
                if (ends(event)) {
                    pieces.add(new Piece(null, null, event));
                }
            }

            @Override
            public void output(String taskId, String stream, String text) {
                pieces.add(new Piece(stream, text, null));
            }
        });
        try {
            TaskView task = coordinator.task(id).orElseThrow();
            if (!follow || task.status().isFinal() || task.status() == TaskStatus.LOST) {
                stop.run();
                for (Piece piece = pieces.poll(); piece != null; piece = pieces.poll()) {
                    if (piece.end() == null) {
                        screen.output(piece.stream(), piece.text());
                    }
                }
                if (follow && task.status() == TaskStatus.LOST) {
                    screen.line("task " + id + " is LOST (" + task.detail() + "); not following it");
                }
                return;
            }
            while (true) {
                Piece piece = pieces.take();
                if (piece.end() != null) {
                    screen.output("out", "");
                    screen.line(Screen.format(piece.end()));
                    return;
                }
                screen.output(piece.stream(), piece.text());
            }
        } catch (InterruptedException e) { // Ctrl-C: consumed here (the coordinator's queries must not see it)
            screen.output("out", "");
            screen.line("");
            screen.line("stopped following task " + id + "; it runs on");
        } finally {
            stop.run();
            screen.output("out", ""); // ends a last line the task left open
        }
    }

    private static boolean ends(ClusterEvent e) {
        return List.of("task.finished", "task.failed", "task.killed", "task.lost").contains(e.kind());
    }

    /** What {@code logs} hears: a piece of output, or the event that ends the task ({@code end}). */
    private record Piece(String stream, String text, ClusterEvent end) {
    }

    private void await(List<String> args) {
        if (args.isEmpty() || args.size() > 2) {
            throw usage(Command.WAIT, args.isEmpty() ? "wait for what?" : "too many arguments");
        }
        if (args.size() == 2 && args.get(0).equals("hosts")) {
            int n;
            try {
                n = Integer.parseInt(args.get(1));
            } catch (NumberFormatException e) {
                throw usage(Command.WAIT, "'" + args.get(1) + "' is not a number of hosts");
            }
            waitFor(n + " hosts ALIVE", () -> coordinator.hosts().stream().filter(h -> h.state() == HostState.ALIVE)
                    .count() >= n);
            screen.line(coordinator.hosts().stream().filter(h -> h.state() == HostState.ALIVE).count() + " hosts ALIVE");
            return;
        }
        expect(Command.WAIT, args, 1);
        String id = args.get(0);
        coordinator.requireTask(id);
        waitFor("task " + id + " to end", () -> coordinator.task(id).orElseThrow().status().isFinal());
        TaskView t = coordinator.task(id).orElseThrow();
        screen.line("task " + id + " " + t.status() + (t.status() == TaskStatus.FINISHED ? " on " + t.host() : "")
                + (t.detail() == null ? "" : ": " + t.detail()));
    }

    /** Waits, re-checking whenever the cluster reports an event, for at most {@link #WAIT_TIMEOUT}. */
    private void waitFor(String what, BooleanSupplier condition) {
        Semaphore changed = new Semaphore(0);
        ClusterListener wake = e -> changed.release();
        coordinator.addListener(wake);
        try {
            long deadline = System.nanoTime() + WAIT_TIMEOUT.toNanos();
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ClusterException("gave up waiting for " + what + " after " + WAIT_TIMEOUT.toSeconds() + " s");
                }
                changed.tryAcquire(left, TimeUnit.NANOSECONDS);
                changed.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while waiting for " + what);
        } finally {
            coordinator.removeListener(wake);
        }
    }

    private void help(List<String> args) {
        if (args.isEmpty()) {
            Table table = new Table("COMMAND", "WHAT IT DOES");
            for (Command c : Command.values()) {
                table.row(c.usage, c.summary);
            }
            table.lines().forEach(screen::line);
            screen.line("help COMMAND says more. Tab completes commands, hosts, task ids and task classes.");
            return;
        }
        expect(Command.HELP, args, 1);
        Command c = Command.named(args.get(0)).orElseThrow(() -> new CommandException("no command '" + args.get(0) + "'"
                + Suggestions.didYouMean(args.get(0), Command.names()) + " (help lists the commands)"));
        screen.line("usage: " + c.usage);
        screen.line(c.summary);
        c.details.lines().forEach(screen::line);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static final Comparator<TaskView> BY_ID = Comparator
            .comparingLong((TaskView t) -> numeric(t.id())).thenComparing(TaskView::id);

    /** Names with their numbers in order: host-2 before host-10. */
    static final Comparator<String> NATURAL = (a, b) -> {
        String[] x = a.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        String[] y = b.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean digits = !x[i].isEmpty() && !y[i].isEmpty() && Character.isDigit(x[i].charAt(0))
                    && Character.isDigit(y[i].charAt(0));
            int c = digits && x[i].length() < 19 && y[i].length() < 19
                    ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    private static long numeric(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String describe(TaskView t) {
        return t.args().isEmpty() ? t.className() : t.className() + " " + String.join(" ", t.args());
    }

    private static boolean jsonFlag(Command command, List<String> args) {
        if (args.isEmpty()) {
            return false;
        }
        if (args.size() == 1 && args.get(0).equals("--json")) {
            return true;
        }
        throw usage(command, "unexpected '" + String.join(" ", args) + "'");
    }

    private static void expect(Command command, List<String> args, int n) {
        if (args.size() != n) {
            throw usage(command, args.size() < n ? "missing " + String.join(" ", command.operands().subList(args.size(), n))
                    : "too many arguments ('" + String.join(" ", args.subList(n, args.size())) + "')");
        }
    }

    private static CommandException usage(Command command, String problem) {
        return new CommandException(problem + "; usage: " + command.usage);
    }

    // ---- events ---------------------------------------------------------------------------------

    /** On the coordinator's thread: queue, never print (it must not wait for a terminal). */
    private void heard(ClusterEvent e) {
        if (!reportedByCommand.test(e)) {
            events.add(e);
        }
    }

    private void printEvents() {
        while (true) {
            ClusterEvent e;
            try {
                e = events.take();
            } catch (InterruptedException ie) {
                return;
            }
            if (e == STOP) {
                return;
            }
            screen.event(e);
        }
    }

    /** Stops listening; the events heard so far are printed first. */
    @Override
    public void close() {
        coordinator.removeListener(listener);
        events.add(STOP);
        try {
            printer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
