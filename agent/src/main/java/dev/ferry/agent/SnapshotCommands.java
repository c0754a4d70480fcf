package dev.ferry.agent;

import dev.ferry.agent.rewrite.AsmClassRewriter;
import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.engine.FingerprintMismatchException;
import dev.ferry.runtime.engine.IncompatibleEngineException;
import dev.ferry.runtime.engine.IncompatibleInstrumentationException;
import dev.ferry.runtime.engine.RunningTask;
import dev.ferry.runtime.engine.TaskExit;
import dev.ferry.runtime.engine.TaskState;
import dev.ferry.runtime.engine.Tasks;
import dev.ferry.runtime.snapshot.NotMovableException;
import dev.ferry.runtime.snapshot.Snapshot;
import dev.ferry.runtime.snapshot.SnapshotCodec;
import dev.ferry.runtime.snapshot.SnapshotFormatException;
import dev.ferry.runtime.snapshot.SnapshotReader;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ferry dump}, {@code ferry restore} and {@code ferry inspect}: a task to a snapshot file
 * and back, in separate JVMs. The task's own output passes through; Ferry's messages go to stderr.
 */
final class SnapshotCommands {

    private SnapshotCommands() {
    }

    /** Counts the bytes a task writes, for the output position a snapshot records. */
    private static final class Counting extends OutputStream {
        private final OutputStream out;
        private long count;

        Counting(OutputStream out, long start) {
            this.out = out;
            this.count = start;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            return switch (args[0]) {
                case "inspect" -> inspect(args, out);
                case "dump" -> dumpOrRestore(args, out, err, true);
                default -> dumpOrRestore(args, out, err, false);
            };
        } catch (IllegalArgumentException | SnapshotFormatException | FingerprintMismatchException
                 | IncompatibleInstrumentationException | IncompatibleEngineException e) {
            err.println("ferry: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("ferry: " + e);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static int inspect(String[] args, PrintStream out) throws IOException {
        if (args.length != 2 && !(args.length == 3 && args[1].equals("--yaml"))) {
            throw new IllegalArgumentException("inspect takes [--yaml] FILE\n" + FerryCommand.usage());
        }
        boolean yaml = args.length == 3 && args[1].equals("--yaml");
        byte[] bytes = read(Path.of(args[yaml ? 2 : 1]));
        out.print(yaml ? SnapshotCodec.toYaml(bytes) : SnapshotCodec.describe(bytes));
        return 0;
    }

    private static byte[] read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no snapshot file " + file);
        }
        if (Files.size(file) > SnapshotCodec.MAX_SNAPSHOT_BYTES) {
            throw new SnapshotFormatException("snapshot " + file + " is larger than " + SnapshotCodec.MAX_SNAPSHOT_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }

    private static int dumpOrRestore(String[] args, PrintStream out, PrintStream err, boolean dump)
            throws IOException, InterruptedException {
        String classPath = ".";
        Duration after = null;
        Path target = null;
        int i = 1;
        for (; i < args.length && args[i].startsWith("--"); i++) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[++i];
            switch (args[i - 1]) {
                case "--cp" -> classPath = value;
                case "--after" -> after = FerryCommand.parseDuration(value);
                case "--out" -> target = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1] + "\n" + FerryCommand.usage());
            }
        }
        if ((after == null) != (target == null) || dump && after == null) {
            throw new IllegalArgumentException((dump ? "dump needs --after and --out" : "--after and --out go together")
                    + "\n" + FerryCommand.usage());
        }
        if (i >= args.length) {
            throw new IllegalArgumentException("missing " + (dump ? "the task's CLASS" : "the snapshot FILE") + "\n"
                    + FerryCommand.usage());
        }
        List<Path> cp = FerryCommand.classPath(classPath);
        Counting stdout;
        Counting stderr;
        RunningTask task;
        long epoch;
        String taskId;
        Tasks.Options options;
        if (dump) {
            stdout = new Counting(out, 0);
            stderr = new Counting(err, 0);
            options = options(stdout, stderr);
            task = Tasks.start(cp, args[i], Arrays.asList(args).subList(i + 1, args.length), options);
            epoch = 0;
            taskId = args[i];
        } else {
            SnapshotReader reader = SnapshotCodec.decode(read(Path.of(args[i])));
            Snapshot header = reader.header();
            stdout = new Counting(out, header.stdoutBytes());
            stderr = new Counting(err, header.stderrBytes());
            options = options(stdout, stderr);
            task = Tasks.resume(cp, options, reader);
            epoch = header.epoch() + 1;
            taskId = header.taskId();
            err.println("[ferry] resumed " + taskId + " (epoch " + header.epoch() + ", captured on " + header.capturedOn()
                    + " at " + header.capturedAt() + ")");
        }
        if (after == null) {
            return exitStatus(task.exit(), err);
        }
        try {
            TaskExit exit = task.exit().get(after.toNanos(), TimeUnit.NANOSECONDS);
            err.println("[ferry] the task ended before " + after.toMillis() + " ms; no snapshot written");
            return status(exit, err);
        } catch (TimeoutException e) {
            // time to capture
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        Continuation continuation;
        try {
            continuation = task.requestCapture(Duration.ofSeconds(10)).get();
        } catch (ExecutionException e) {
            if (task.state().isFinal()) {
                err.println("[ferry] the task ended before it could be captured; no snapshot written");
                return exitStatus(task.exit(), err);
            }
            err.println("[ferry] " + e.getCause().getMessage());
            return exitStatus(task.exit(), err);
        }
        Snapshot snapshot = new Snapshot(taskId, epoch, AsmClassRewriter.ENGINE_VERSION, hostName(), Instant.now(),
                stdout.count, stderr.count, continuation);
        byte[] bytes;
        try {
            bytes = SnapshotCodec.encode(snapshot, options.out(), options.err(), task::debugInfo);
        } catch (NotMovableException e) {
            err.println("[ferry] cannot write the snapshot: " + e.getMessage() + "; the task runs on");
            return exitStatus(Tasks.resumeInPlace(task, continuation, options).exit(), err);
        }
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), ".ferry", ".tmp");
        Files.write(temp, bytes);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        err.println("[ferry] captured " + continuation.frames().size() + " frames into " + target + " (" + bytes.length + " bytes)");
        return 0;
    }

    private static Tasks.Options options(Counting stdout, Counting stderr) {
        return Tasks.Options.defaults().withOutput(new PrintStream(stdout, true), new PrintStream(stderr, true));
    }

    private static int exitStatus(java.util.concurrent.CompletableFuture<TaskExit> exit, PrintStream err)
            throws InterruptedException {
        try {
            return status(exit.get(), err);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static int status(TaskExit exit, PrintStream err) {
        if (exit.state() == TaskState.FAILED) {
            exit.failure().printStackTrace(err);
            return 1;
        }
        return exit.state() == TaskState.FINISHED ? exit.exitStatus() : 1;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
