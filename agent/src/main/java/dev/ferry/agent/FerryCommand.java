package dev.ferry.agent;

import dev.ferry.agent.host.HostDaemon;
import dev.ferry.agent.host.HostOptions;
import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.engine.IncompatibleInstrumentationException;
import dev.ferry.runtime.engine.NotCapturableException;
import dev.ferry.runtime.engine.RunningTask;
import dev.ferry.runtime.engine.TaskExit;
import dev.ferry.runtime.engine.TaskState;
import dev.ferry.runtime.engine.Tasks;
import dev.ferry.runtime.heap.HeapCopier;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code ferry} command line.
 *
 * <pre>
 * ferry run [--cp PATH] [--hop-every DURATION] [--hops N] CLASS [ARGS...]
 * </pre>
 * {@code run} starts the task in this JVM; with {@code --hop-every}, it captures the task at that
 * interval and resumes it from a deep copy in a fresh class loader (what a move to another host
 * does, minus the network), at most {@code --hops} times. The task's output passes through
 * unchanged; Ferry's own messages go to stderr, prefixed {@code [ferry]}. The exit status is the
 * task's: 0 when it finishes, 1 when it fails; 2 for a usage error or a task that cannot start (its
 * class is missing, or was instrumented for another engine version).
 */
final class FerryCommand {
    private static final String USAGE = """
            usage: ferry run [--cp PATH] [--hop-every DURATION] [--hops N] CLASS [ARGS...]
                   ferry host --name NAME --join HOST:PORT [--port P] [--cp PATH] [--secret-file FILE | --insecure]
                   ferry dump [--cp PATH] --after DURATION --out FILE CLASS [ARGS...]
                   ferry restore [--cp PATH] [--after DURATION --out FILE] FILE
                   ferry inspect [--yaml] FILE
              --cp PATH             the task's class path (default: the current directory)
              --hop-every DURATION  capture and resume the task this often (e.g. 200ms, 2s)
              --hops N              at most N hops (default: unlimited)
              --after DURATION      capture at the first safepoint after this long
              --out FILE            where to write the snapshot
            """;

    private FerryCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && List.of("dump", "restore", "inspect").contains(args[0])) {
            return SnapshotCommands.run(args, out, err);
        }
        if (args.length > 0 && args[0].equals("host")) {
            return host(Arrays.asList(args).subList(1, args.length), err);
        }
        if (args.length == 0 || !args[0].equals("run")) {
            err.print(args.length == 0 ? USAGE : "ferry: unknown command '" + args[0] + "'\n" + USAGE);
            return 2;
        }
        String classPath = ".";
        Duration every = null;
        long hops = Long.MAX_VALUE;
        int i = 1;
        try {
            for (; i < args.length && args[i].startsWith("--"); i++) {
                String option = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--cp" -> classPath = value;
                    case "--hop-every" -> every = parseDuration(value);
                    case "--hops" -> hops = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (i >= args.length) {
                throw new IllegalArgumentException("missing the task's CLASS");
            }
        } catch (IllegalArgumentException e) {
            err.print("ferry: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        List<Path> cp = classPath(classPath);
        String className = args[i];
        List<String> taskArgs = Arrays.asList(args).subList(i + 1, args.length);
        try {
            return runTask(cp, className, taskArgs, every, hops, out, err);
        } catch (IllegalArgumentException | IncompatibleInstrumentationException e) {
            err.println("ferry: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** {@code ferry host}: this JVM becomes a host until it is stopped. */
    private static int host(List<String> args, PrintStream err) {
        HostOptions options;
        try {
            options = HostOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.print("ferry host: " + e.getMessage() + "\n" + HostOptions.USAGE);
            return 2;
        }
        try {
            HostDaemon daemon = HostDaemon.start(options, err);
            Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "ferry-host-shutdown"));
            if (options.exitWith() != 0) {
                exitWith(options.exitWith(), err);
            }
            Thread.currentThread().join(); // the daemon's threads do the work; stop with a signal
            return 0;
        } catch (java.io.IOException e) {
            err.println("ferry host: cannot listen on " + options.listen() + ": " + e.getMessage()
                    + " (is the port in use? try another --port)");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /**
     * Ends this JVM (through the shutdown hook, which stops the tasks) when process {@code pid} ends:
     * a host {@code ferry up} started must not outlive it, even when it is killed with SIGKILL.
     */
    private static void exitWith(long pid, PrintStream err) {
        java.util.Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            err.println("ferry host: process " + pid + " (--exit-with-parent) has already ended; stopping");
            System.exit(0);
        }
        parent.get().onExit().thenRun(() -> {
            err.println("ferry host: process " + pid + " (--exit-with-parent) ended; stopping");
            System.exit(0);
        });
    }

    private static int runTask(List<Path> cp, String className, List<String> args, Duration every, long maxHops,
                               PrintStream out, PrintStream err) throws InterruptedException {
        Tasks.Options options = Tasks.Options.defaults().withOutput(out, err);
        RunningTask task = Tasks.start(cp, className, args, options);
        long hops = 0;
        while (true) {
            TaskExit exit = awaitExit(task, every != null && hops < maxHops ? every : null);
            if (exit != null) {
                return report(exit, hops, err);
            }
            long start = System.nanoTime();
            Continuation continuation;
            try {
                continuation = task.requestCapture(Duration.ofSeconds(10)).get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof NotCapturableException) && !task.state().isFinal()) {
                    throw new IllegalStateException("capture failed", e.getCause());
                }
                if (!task.state().isFinal()) {
                    err.println("[ferry] " + e.getCause().getMessage());
                }
                continue;
            }
            long captured = System.nanoTime();
            try {
                task = Tasks.resume(cp, options, new HeapCopier(continuation));
            } catch (RuntimeException e) {
                // Nothing was lost: the captured frames still hold the task's own objects.
                err.println("[ferry] could not move the task: " + e.getMessage() + "; it runs on where it was");
                task = Tasks.resumeInPlace(task, continuation, options);
                continue;
            }
            hops++;
            err.printf("[ferry] hop %d: captured %d frames in %.2f ms, resumed in a fresh class loader in %.2f ms%n",
                    hops, continuation.frames().size(), (captured - start) / 1e6, (System.nanoTime() - captured) / 1e6);
        }
    }

    private static TaskExit awaitExit(RunningTask task, Duration wait) throws InterruptedException {
        try {
            return wait == null ? task.exit().get() : task.exit().get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("task exit failed", e.getCause());
        }
    }

    private static int report(TaskExit exit, long hops, PrintStream err) {
        if (exit.state() == TaskState.FAILED) {
            err.println("[ferry] task failed after " + hops + " hops:");
            exit.failure().printStackTrace(err);
            return 1;
        }
        if (hops > 0) {
            err.println("[ferry] task " + exit.state().toString().toLowerCase() + " after " + hops + " hops");
        }
        return exit.state() == TaskState.FINISHED ? exit.exitStatus() : 1;
    }

    /** {@code 40ms}, {@code 2s}, {@code 1m}, or an ISO-8601 duration. */
    /** A {@code --cp} value: entries separated as the platform separates them. */
    static List<Path> classPath(String value) {
        List<Path> entries = new ArrayList<>();
        for (String entry : value.split(File.pathSeparator)) {
            entries.add(Path.of(entry));
        }
        return entries;
    }

    static String usage() {
        return USAGE;
    }

    static Duration parseDuration(String text) {
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
            } else if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (write e.g. 40ms, 2s, 1m)");
        }
    }
}
